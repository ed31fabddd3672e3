#!/usr/bin/env python3
# Interleaved start-up timing for a noisy machine: each round runs every command once, in a shuffled order, so load
# that drifts during a run hits every command alike (a sequential hyperfine run gives the first command the worst of
# it). Five warm-up rounds, then ROUNDS measured ones; prints medians and quartiles in ms and each median minus the first.
#   python3 benchmarks/stdio/interleave.py 250 "hello=$X/probe/StdioProbe req.jsonl 2 $X/hello/HelloWorld" "mcpgen=..."
import random, statistics, subprocess, sys, time, shlex
rounds = int(sys.argv[1]); cmds = [a.split('=', 1) for a in sys.argv[2:]]
times = {n: [] for n, _ in cmds}
for r in range(rounds + 5):
    order = cmds[:]; random.shuffle(order)
    for n, c in order:
        t0 = time.perf_counter_ns(); rc = subprocess.run(shlex.split(c)).returncode; t1 = time.perf_counter_ns()
        if rc != 0: print("FAILED", n, file=sys.stderr)
        if r >= 5: times[n].append((t1 - t0) / 1e6)
base = statistics.median(times[cmds[0][0]])
for n, _ in cmds:
    t = sorted(times[n]); m = statistics.median(t)
    print(f"{n:16} median {m:6.2f}  p25 {t[len(t)//4]:6.2f}  p75 {t[3*len(t)//4]:6.2f}  Δ vs {cmds[0][0]}: {m-base:+.2f}")
