// The fork/exec helper behind ChildProcesses. It is C because what runs in the child between fork and
// exec must be async-signal-safe (no allocation, no locks), which Swift cannot promise, and because
// prctl and syscall are variadic and cannot be called from Swift.

#define _GNU_SOURCE
#include "CPilotSpawn.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

// ---- What runs in the child (async-signal-safe only) ----

/// Reports `error` to the parent through `report_fd` and ends the child.
static void child_fail(int report_fd, int error) {
    while (write(report_fd, &error, sizeof error) < 0 && errno == EINTR) {}
    _exit(127);
}

/// Closes every descriptor from `low` to `high`, with close_range when the kernel has it (5.9+).
static void close_between(unsigned int low, unsigned int high) {
    if (low > high) return;
    if (syscall(SYS_close_range, low, high, 0) == 0) return;
    struct rlimit limit;
    unsigned int last = 65535;
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < UINT_MAX) {
        last = (unsigned int)limit.rlim_cur;
    }
    if (high > last) high = last;
    for (unsigned int fd = low; fd <= high; fd++) close((int)fd);
}

static void run_child(const struct cps_spawn_request *request, char *const *candidates, pid_t parent,
                      int report_fd) {
    // Every signal back to its default action (pilot ignores or handles several, and an ignored signal
    // stays ignored across exec), then unblocked: the spawner thread blocks them all.
    struct sigaction defaults;
    memset(&defaults, 0, sizeof defaults);
    defaults.sa_handler = SIG_DFL;
    for (int signal = 1; signal < NSIG; signal++) {
        if (signal != SIGKILL && signal != SIGSTOP) sigaction(signal, &defaults, NULL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    if (request->new_process_group && setpgid(0, 0) != 0) child_fail(report_fd, errno);

    // The child dies with pilot. If pilot died before this line, the signal will never come: the parent
    // has already changed, so give up rather than run unsupervised.
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) child_fail(report_fd, errno);
    if (getppid() != parent) _exit(127);

    if (request->output_fd >= 0) {
        if (dup2(request->output_fd, 1) < 0 || dup2(request->output_fd, 2) < 0) child_fail(report_fd, errno);
        int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (null_fd < 0) child_fail(report_fd, errno);
        if (null_fd != 0) {
            if (dup2(null_fd, 0) < 0) child_fail(report_fd, errno);
            close(null_fd);
        }
    }
    // dup2 onto itself keeps close-on-exec; the three standard streams must survive exec.
    for (int fd = 0; fd <= 2; fd++) fcntl(fd, F_SETFD, 0);
    // Only 0, 1 and 2 go on: whatever pilot or its libraries opened (sockets, epoll, eventfd, pipes),
    // close-on-exec or not. The report pipe stays until exec closes it.
    close_between(3, (unsigned int)report_fd - 1);
    close_between((unsigned int)report_fd + 1, UINT_MAX);

    // Tried in order, as execvp does: a missing file moves on; anything else stops, EACCES is kept.
    int error = ENOENT;
    int denied = 0;
    for (char *const *candidate = candidates; *candidate != NULL; candidate++) {
        execve(*candidate, request->argv, request->envp);
        error = errno;
        if (error == EACCES) {
            denied = 1;
        } else if (error != ENOENT && error != ENOTDIR && error != ESTALE && error != ENODEV &&
                   error != ETIMEDOUT) {
            break;
        }
    }
    child_fail(report_fd, denied && (error == ENOENT || error == ENOTDIR) ? EACCES : error);
}

// ---- What runs on the spawner thread ----

/// The paths to try for `program`, built before fork because building them allocates.
static char **candidate_paths(const char *program) {
    if (strchr(program, '/') != NULL) {
        char **list = calloc(2, sizeof(char *));
        if (list != NULL && (list[0] = strdup(program)) == NULL) {
            free(list);
            return NULL;
        }
        return list;
    }
    const char *path = getenv("PATH");
    if (path == NULL) path = "/bin:/usr/bin";
    size_t count = 1;
    for (const char *c = path; *c; c++) count += *c == ':';
    char **list = calloc(count + 1, sizeof(char *));
    if (list == NULL) return NULL;
    size_t index = 0;
    const char *start = path;
    for (;;) {
        const char *end = strchrnul(start, ':');
        size_t length = (size_t)(end - start);
        // An empty element means the current directory.
        const char *directory = length == 0 ? "." : start;
        size_t directory_length = length == 0 ? 1 : length;
        char *full = malloc(directory_length + 1 + strlen(program) + 1);
        if (full == NULL) break;
        memcpy(full, directory, directory_length);
        full[directory_length] = '/';
        strcpy(full + directory_length + 1, program);
        list[index++] = full;
        if (*end == '\0') break;
        start = end + 1;
    }
    return list;
}

static void free_candidates(char **list) {
    if (list == NULL) return;
    for (char **item = list; *item != NULL; item++) free(*item);
    free(list);
}

/// Forks and execs; runs on the spawner thread only.
static int spawn_here(const struct cps_spawn_request *request, pid_t *pid_out) {
    char **candidates = candidate_paths(request->program);
    if (candidates == NULL) return ENOMEM;
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) {
        int error = errno;
        free_candidates(candidates);
        return error;
    }
    // The report pipe must not sit on 0, 1 or 2 (when pilot's own were closed), or the child's dup2
    // onto its standard streams would overwrite it.
    if (report[1] <= 2) {
        int moved = fcntl(report[1], F_DUPFD_CLOEXEC, 3);
        if (moved < 0) {
            int error = errno;
            close(report[0]);
            close(report[1]);
            free_candidates(candidates);
            return error;
        }
        close(report[1]);
        report[1] = moved;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) run_child(request, candidates, parent, report[1]);
    int fork_error = errno;
    close(report[1]);
    free_candidates(candidates);
    if (pid < 0) {
        close(report[0]);
        return fork_error;
    }
    int child_error = 0;
    ssize_t got;
    do {
        got = read(report[0], &child_error, sizeof child_error);
    } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got != (ssize_t)sizeof child_error) {
        // Nothing written: exec succeeded and close-on-exec closed the pipe. (A failed read leaves the
        // child to the reaper like any other.)
        *pid_out = pid;
        return 0;
    }
    // The child failed before or at exec. Collect it here: the caller holds the reaper's lock, so the
    // reaper cannot race for this status.
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    return child_error != 0 ? child_error : ECHILD;
}

/// One request handed to the spawner thread, and its answer.
struct job {
    const struct cps_spawn_request *request;
    pid_t pid;
    int result;
    int done;
};

static pthread_once_t start_once = PTHREAD_ONCE_INIT;
static int start_error = 0;
static pthread_mutex_t callers = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t requested = PTHREAD_COND_INITIALIZER;
static pthread_cond_t answered = PTHREAD_COND_INITIALIZER;
static struct job *pending = NULL;

static void *spawner_main(void *unused) {
    (void)unused;
    pthread_mutex_lock(&lock);
    for (;;) {
        while (pending == NULL) pthread_cond_wait(&requested, &lock);
        struct job *job = pending;
        pending = NULL;
        pthread_mutex_unlock(&lock);
        job->result = spawn_here(job->request, &job->pid);
        pthread_mutex_lock(&lock);
        job->done = 1;
        pthread_cond_broadcast(&answered);
    }
    return NULL;
}

static void start_spawner(void) {
    // The thread starts with every signal blocked (it inherits this mask), so no handler ever runs on it
    // and children start with everything blocked until they reset their actions.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    start_error = pthread_create(&thread, &attributes, spawner_main, NULL);
    pthread_attr_destroy(&attributes);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    if (start_error == 0) pthread_setname_np(thread, "pilot-spawner");
}

int cps_spawn(const struct cps_spawn_request *request, pid_t *pid) {
    pthread_once(&start_once, start_spawner);
    if (start_error != 0) return start_error;
    struct job job = {.request = request, .pid = 0, .result = 0, .done = 0};
    pthread_mutex_lock(&callers);
    pthread_mutex_lock(&lock);
    pending = &job;
    pthread_cond_signal(&requested);
    while (!job.done) pthread_cond_wait(&answered, &lock);
    pthread_mutex_unlock(&lock);
    pthread_mutex_unlock(&callers);
    if (job.result == 0) *pid = job.pid;
    return job.result;
}

int cps_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int cps_set_child_subreaper(void) { return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); }

int cps_pidfd_open(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

int cps_pidfd_send_signal(int pidfd, int signal) {
    return (int)syscall(SYS_pidfd_send_signal, pidfd, signal, NULL, 0);
}

int cps_lstat_stamp(const char *path, struct cps_file_stamp *stamp) {
    struct stat info;
    if (lstat(path, &info) != 0) {
        return -1;
    }
    stamp->device = (unsigned long long)info.st_dev;
    stamp->inode = (unsigned long long)info.st_ino;
    stamp->size = (long long)info.st_size;
    stamp->modified_seconds = (long long)info.st_mtim.tv_sec;
    stamp->modified_nanoseconds = (long long)info.st_mtim.tv_nsec;
    stamp->is_regular_file = S_ISREG(info.st_mode) ? 1 : 0;
    stamp->permissions = (unsigned int)(info.st_mode & 07777);
    stamp->owner = (unsigned int)info.st_uid;
    stamp->group = (unsigned int)info.st_gid;
    return 0;
}
