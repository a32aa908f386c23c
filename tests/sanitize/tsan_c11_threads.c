/* C11 threads over POSIX threads, linked into the executables of a TSan build only
 * (-DSLUICE_SANITIZE=thread, tests/CMakeLists.txt).
 *
 * Debian's librdkafka makes its threads, mutexes and condition variables with C11's thrd_,
 * mtx_ and cnd_ functions. glibc implements them over its internal pthread entry points, which
 * the TSan runtimes of gcc 12 and clang 14 do not intercept: a thread librdkafka starts is
 * unknown to TSan, and the runtime crashes on its first malloc (seen in integration_kafka, in
 * getaddrinfo on an "rdk:broker" thread); its locks and wake-ups are invisible, so our code on
 * either side of them would be reported for races it does not have.
 *
 * The executable's definitions take the place of glibc's for librdkafka (the linker exports
 * them because a shared library it links refers to them), and call the pthread functions,
 * which TSan intercepts. glibc lays mtx_t, cnd_t and once_flag out as pthread_mutex_t,
 * pthread_cond_t and pthread_once_t, and does these same casts itself. Only what librdkafka
 * imports is here (`nm -D librdkafka.so.1 | grep -E ' U (thrd|mtx|cnd|call_once)'`); thrd_current
 * is pthread_self already. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <threads.h>

static int from_errno(int rc) {
  switch (rc) {
    case 0:
      return thrd_success;
    case ETIMEDOUT:
      return thrd_timedout;
    case EBUSY:
      return thrd_busy;
    case ENOMEM:
      return thrd_nomem;
    default:
      return thrd_error;
  }
}

struct start {
  thrd_start_t func;
  void* arg;
};

static void* run_start(void* p) {
  struct start s = *(struct start*)p;
  free(p);
  /* The thread's int result rides in pthread's exit value, as in glibc's own thrd_create. */
  return (void*)(intptr_t)s.func(s.arg); /* NOLINT(performance-no-int-to-ptr) */
}

int thrd_create(thrd_t* thr, thrd_start_t func, void* arg) {
  struct start* s = malloc(sizeof *s);
  if (s == NULL) return thrd_nomem;
  s->func = func;
  s->arg = arg;
  int rc = pthread_create(thr, NULL, run_start, s);
  if (rc != 0) free(s);
  return from_errno(rc);
}

int thrd_join(thrd_t thr, int* res) {
  void* ret = NULL;
  int rc = pthread_join(thr, &ret);
  if (rc == 0 && res != NULL) *res = (int)(intptr_t)ret;
  return from_errno(rc);
}

int mtx_init(mtx_t* mtx, int type) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  if (type & mtx_recursive) pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  int rc = pthread_mutex_init((pthread_mutex_t*)mtx, &attr);
  pthread_mutexattr_destroy(&attr);
  return from_errno(rc);
}

int mtx_lock(mtx_t* mtx) {
  return from_errno(pthread_mutex_lock((pthread_mutex_t*)mtx));
}

int mtx_unlock(mtx_t* mtx) {
  return from_errno(pthread_mutex_unlock((pthread_mutex_t*)mtx));
}

void mtx_destroy(mtx_t* mtx) {
  pthread_mutex_destroy((pthread_mutex_t*)mtx);
}

int cnd_init(cnd_t* cond) {
  return from_errno(pthread_cond_init((pthread_cond_t*)cond, NULL));
}

int cnd_signal(cnd_t* cond) {
  return from_errno(pthread_cond_signal((pthread_cond_t*)cond));
}

int cnd_broadcast(cnd_t* cond) {
  return from_errno(pthread_cond_broadcast((pthread_cond_t*)cond));
}

int cnd_wait(cnd_t* cond, mtx_t* mtx) {
  return from_errno(pthread_cond_wait((pthread_cond_t*)cond, (pthread_mutex_t*)mtx));
}

/* C11's deadline is on TIME_UTC, CLOCK_REALTIME: a default condition variable's clock. */
int cnd_timedwait(cnd_t* restrict cond, mtx_t* restrict mtx,
                  const struct timespec* restrict deadline) {
  return from_errno(pthread_cond_timedwait((pthread_cond_t*)cond, (pthread_mutex_t*)mtx, deadline));
}

void cnd_destroy(cnd_t* cond) {
  pthread_cond_destroy((pthread_cond_t*)cond);
}

void call_once(once_flag* flag, void (*func)(void)) {
  pthread_once((pthread_once_t*)flag, func);
}
