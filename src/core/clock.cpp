#include "core/clock.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <thread>

namespace sluice {

int64_t now_ms() {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  using std::chrono::system_clock;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {

// Writes `value` as exactly `width` decimal digits (zero-padded) at `out`.
void put_digits(char* out, int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

// By hand rather than through fmt and gmtime_r: the sink formats one of these per stored row,
// and the general-purpose path cost several percent of the writer thread.
std::string format_iso8601_ms(int64_t unix_ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> t{milliseconds{unix_ms}};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss<milliseconds> time{t - day};
  std::string out(24, '\0');  // YYYY-MM-DDTHH:MM:SS.mmmZ
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", year,
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                       time.hours().count(), time.minutes().count(), time.seconds().count(),
                       time.subseconds().count());
  }
  put_digits(&out[0], year, 4);
  out[4] = '-';
  put_digits(&out[5], static_cast<unsigned>(ymd.month()), 2);
  out[7] = '-';
  put_digits(&out[8], static_cast<unsigned>(ymd.day()), 2);
  out[10] = 'T';
  put_digits(&out[11], time.hours().count(), 2);
  out[13] = ':';
  put_digits(&out[14], time.minutes().count(), 2);
  out[16] = ':';
  put_digits(&out[17], time.seconds().count(), 2);
  out[19] = '.';
  put_digits(&out[20], time.subseconds().count(), 3);
  out[23] = 'Z';
  return out;
}

void wait_until(std::chrono::steady_clock::time_point deadline, const std::atomic<bool>& stop,
                const std::atomic<bool>* also) {
  constexpr auto kStep = std::chrono::milliseconds(20);
  while (!stop.load() && (also == nullptr || !also->load())) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return;
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(deadline - now, kStep));
  }
}

void wait_for(int ms, const std::atomic<bool>& stop, const std::atomic<bool>* also) {
  wait_until(std::chrono::steady_clock::now() + std::chrono::milliseconds(ms), stop, also);
}

}  // namespace sluice
