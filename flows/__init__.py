"""The kcna-dataset pipeline: stages as plain functions, Prefect flows around them, the `kcna` command.

Importing the package first tunes polars' allocator, which reads its settings once, when polars loads.
polars allocates through its own jemalloc. That jemalloc hands freed pages back to the system once they
have been dirty for a while (muzzy_decay_ms:0), and a build frees and reuses gigabytes of batch buffers.
Every page handed back faults again when it is reused: 1.2M page faults, ~9 s of system time in a full
build of the shared corpus on 2 cores. Kept 10 s as lazily freed pages (muzzy_decay_ms:10000), the build
makes 0.5M faults and spends ~3 s less system time; its flow body is 0-1.7 s shorter (three alternated
pairs of builds). Its peak RSS (ru_maxrss) is higher, 1.3 -> 1.6 GB on the shared corpus and 3.1 -> 3.65
GB at 1M records, because lazily freed pages count until the kernel takes them back. A refresh is
unchanged. A user's own _RJEM_MALLOC_CONF wins.
"""

import os

os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:10000,muzzy_decay_ms:10000")
