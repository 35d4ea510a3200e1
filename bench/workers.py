"""Web-worker-like processes for the search benchmark, and what each costs in memory.

Each is a fresh interpreter (multiprocessing "spawn", as a gunicorn worker after exec would be, so nothing is
shared copy-on-write with the bench process) that sets Django up on the bench's settings (the environment the
bench set: temporary database, search index), opens the engine and runs the query mix: lexical, then hybrid
when query vectors are given: as in the site, where query vectors are cached by text in the shared cache, the
worker finds those of the mix there (here: put in its own cache first) and loads the model for the one query that
misses it. It then waits while the parent reads /proc/PID/smaps_rollup:

- USS (Private_Clean + Private_Dirty): pages only this process maps. Memory-mapped index pages that other
  workers also map are shared, so they leave the USS of a worker among four (alone, they count as its own);
- RSS: everything resident, shared pages included in full; PSS: shared pages divided among their mappers,
  so the PSS of all workers adds up to what they cost the machine together.
"""

import multiprocessing
import time

MB = 1024  # smaps_rollup is in kB


def memory(pid: int) -> dict[str, float]:
    """RSS, PSS, USS and anonymous memory of a process, in MB."""
    fields = {}
    with open(f"/proc/{pid}/smaps_rollup") as handle:
        for line in handle:
            name, _, rest = line.partition(":")
            if rest.strip().endswith("kB"):
                fields[name] = int(rest.split()[0]) / MB
    return {"rss": fields["Rss"], "pss": fields["Pss"], "uss": fields["Private_Clean"] + fields["Private_Dirty"],
            "anonymous": fields["Anonymous"]}


def _django():
    import django

    django.setup()
    from search.backends import get_backend

    return get_backend()


def _serve(connection, queries: list[tuple[str, dict]], query_vectors: dict[str, bytes]) -> None:
    from bench.searchkit import search_all_facets
    from bench.vectors import hybrid_search, share_query_vectors

    backend = _django()
    durations = {"lexical": [], "hybrid": []}
    for text, filters in queries:
        started = time.perf_counter()
        search_all_facets(backend, text, filters)
        durations["lexical"].append(time.perf_counter() - started)
    connection.send("lexical done")
    connection.recv()  # the parent reads our memory before the model is loaded
    if query_vectors:
        share_query_vectors(query_vectors)
        for text, filters in queries:
            started = time.perf_counter()
            hybrid_search(backend, text, filters)
            durations["hybrid"].append(time.perf_counter() - started)
    connection.send(durations)
    connection.recv()  # stay alive (and resident) until the parent has read our memory


def run_workers(count: int, queries: list[tuple[str, dict]], query_vectors: dict[str, bytes]) -> list[dict]:
    """Start `count` workers at once, let each run the query mix, and return each one's memory (after the whole
    mix, and as `lexical_only` after the lexical part, before the model is loaded) and timings. No
    `query_vectors` (text → vector bytes): lexical only."""
    context = multiprocessing.get_context("spawn")
    pipes, processes = [], []
    for _ in range(count):
        parent, child = context.Pipe()
        process = context.Process(target=_serve, args=(child, queries, query_vectors))
        process.start()
        pipes.append(parent)
        processes.append(process)
    for pipe in pipes:
        pipe.recv()  # every worker has run the lexical mix
    lexical = [memory(process.pid) for process in processes]
    for pipe in pipes:
        pipe.send("go on")
    timings = [pipe.recv() for pipe in pipes]  # every worker has finished its mix and is still alive
    figures = [memory(process.pid) | {"lexical_only": before, "durations": durations}
               for process, before, durations in zip(processes, lexical, timings, strict=True)]
    for pipe, process in zip(pipes, processes, strict=True):
        pipe.send("stop")
        process.join()
    return figures


def _first_query(connection, text: str, hybrid: bool) -> None:
    from bench.searchkit import search_all_facets
    from bench.vectors import hybrid_search

    backend = _django()
    started = time.perf_counter()
    results = search_all_facets(backend, text, {})
    lexical = time.perf_counter() - started
    result_at = time.time()
    first_hybrid = None
    if hybrid:  # then the first hybrid query: loading the model, mapping the vector index
        started = time.perf_counter()
        hybrid_search(backend, text, {})
        first_hybrid = time.perf_counter() - started
    connection.send({"first_query_s": lexical, "result_at": result_at, "total": results.total,
                     "first_hybrid_s": first_hybrid})


def first_query(text: str, *, hybrid: bool) -> dict:
    """A new process's first search (`text`, all facets), timed from just before the call through the result;
    also the time from starting the process to that result, and then its first hybrid query."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    started = time.time()
    process = context.Process(target=_first_query, args=(child, text, hybrid))
    process.start()
    figures = parent.recv()
    process.join()
    return figures | {"start_to_result_s": figures["result_at"] - started}
