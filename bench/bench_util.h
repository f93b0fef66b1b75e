// Shared by the benchmark harnesses.
#ifndef RESKONTRA_BENCH_BENCH_UTIL_H_
#define RESKONTRA_BENCH_BENCH_UTIL_H_

#include <cstdio>

namespace reskontra::bench {

// The process's peak resident set (VmHWM) in MB, 0 if /proc is not there.
inline long PeakRssMb() {
  FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return 0;
  char line[256];
  long kb = 0;
  while (std::fgets(line, sizeof line, f))
    if (std::sscanf(line, "VmHWM: %ld kB", &kb) == 1) break;
  std::fclose(f);
  return kb / 1024;
}

}  // namespace reskontra::bench

#endif  // RESKONTRA_BENCH_BENCH_UTIL_H_
