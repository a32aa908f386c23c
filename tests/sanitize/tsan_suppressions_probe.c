/* Checks that tsan.supp hides what it is meant to hide and nothing more (a TSan build runs it
 * twice, tests/CMakeLists.txt).
 *
 * `mutex-handoff`: a mutex made by one thread and locked by another with no order TSan can see
 * between the two, which is how librdkafka hands its mutexes between its threads (it orders
 * them with atomics and with rwlocks whose calls tsan.supp ignores). Through
 * tsan_c11_threads.c, TSan sees pthread_mutex_init's write to the mutex race with
 * pthread_mutex_lock's read of it; tsan.supp's race: entries for the C11 functions hide that,
 * and this mode must exit 0.
 *
 * `data-race`: the same threads also increment a plain int each. That race is on data, not on
 * a C11 mutex, and must still be reported (the test expects TSan's report on this file). */
#include <stdio.h>
#include <string.h>
#include <threads.h>
#include <unistd.h>

static mtx_t handed_over;
static int shared_counter;
static int with_data_race;

static int lock_later(void* unused) {
  (void)unused;
  usleep(100 * 1000); /* after main's mtx_init, though TSan knows no order between them */
  mtx_lock(&handed_over);
  mtx_unlock(&handed_over);
  if (with_data_race) shared_counter++;
  return 0;
}

int main(int argc, char** argv) {
  if (argc != 2 || (strcmp(argv[1], "mutex-handoff") != 0 && strcmp(argv[1], "data-race") != 0)) {
    fprintf(stderr, "usage: %s mutex-handoff|data-race\n", argv[0]);
    return 2;
  }
  with_data_race = strcmp(argv[1], "data-race") == 0;
  thrd_t other;
  if (thrd_create(&other, lock_later, NULL) != thrd_success) return 1;
  mtx_init(&handed_over, mtx_plain);
  if (with_data_race) shared_counter++;
  int result = 0;
  thrd_join(other, &result);
  mtx_destroy(&handed_over);
  printf("probe: %s ran to its end\n", argv[1]);
  return result;
}
