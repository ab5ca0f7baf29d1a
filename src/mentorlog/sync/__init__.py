"""`mentorlog sync`: the journal on every device, over git, merged record by record.

Services level. The pieces, from the bottom up:

- `files`: the sync tree's layout (`<table>/<uid>.json`, `_tombstones/<uid>.json`,
  `_meta.json`) and canonical JSON.
- `sealed`: the stored bytes of those files: plaintext in a plain home, one age file per
  file in an encrypted one, with a map of what each stored file holds (change detection).
- `merge`: the three-way merge, pure: base, ours, theirs (trees as dicts) -> merged tree,
  conflicts and messages; ids that collide renumbered on our side.
- `convert`: journal tables <-> tree records (links by id become links by uid in the tree).
- `git`: the git CLI driver (subprocess, fixed identity, the user's config kept out).
- `state`: what the sync folder remembers: the remote, the conflict list, the log, the
  step a round reached.
- `engine`: one round (export, commit, fetch, merge, push, apply) and `init`.
"""
