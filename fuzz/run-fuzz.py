#!/usr/bin/env python3
# Runs one libFuzzer target for a bounded time on a scratch copy of its
# seed corpus (so the source tree is never written), then replays the
# seed corpus once more as a regression check. Exit status: libFuzzer's.
import os
import shutil
import subprocess
import sys

exe, corpus, work, seconds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work + '/corpus')
os.makedirs(work + '/artifacts')
common = ['-rss_limit_mb=2048', '-timeout=10', '-artifact_prefix=' + work + '/artifacts/',
          '-print_final_stats=1']
# Replay: every seed once (a crash or timeout here is a regression).
r = subprocess.run([exe] + common + ['-runs=0', corpus])
if r.returncode != 0:
    sys.exit(r.returncode)
if seconds > 0:
    r = subprocess.run([exe] + common + ['-max_total_time=%d' % seconds, '-max_len=65536',
                                         work + '/corpus', corpus])
    if r.returncode != 0:
        for a in os.listdir(work + '/artifacts'):
            print('artifact:', os.path.join(work, 'artifacts', a))
    sys.exit(r.returncode)
