#ifndef CPILOTSPAWN_H
#define CPILOTSPAWN_H

#include <sys/types.h>

/// What to start. Every pointer is only read, and only for the duration of `cps_spawn`.
struct cps_spawn_request {
    /// The program as the user wrote it; looked up in pilot's PATH unless it holds a slash.
    const char *program;
    /// NULL-terminated arguments, `argv[0]` included.
    char *const *argv;
    /// NULL-terminated `NAME=value` strings: the child's whole environment.
    char *const *envp;
    /// Non-zero: the child leads a new process group.
    int new_process_group;
    /// A descriptor that becomes the child's standard output and error, with standard input from
    /// /dev/null; -1 to leave 0, 1 and 2 as pilot's.
    int output_fd;
};

/// Starts a child on pilot's one spawner thread, which lives as long as pilot, so that the child's
/// parent-death signal (set to SIGKILL) fires only when pilot itself ends.
///
/// In the child, between fork and exec: signals at their default actions and unblocked, a new process
/// group when asked, PR_SET_PDEATHSIG(SIGKILL) then a check that pilot is still the parent, standard
/// streams set up, and every descriptor above 2 closed.
///
/// Returns 0 and stores the child's process ID in `*pid`, or an errno value when no child runs (exec
/// failed; the failed child has then been waited for, so no exit status of it is left to collect).
int cps_spawn(const struct cps_spawn_request *request, pid_t *pid);

/// `pipe2(fds, O_CLOEXEC)`: 0, or -1 with errno set.
int cps_pipe_cloexec(int fds[2]);

/// Makes the calling process a child subreaper: orphaned descendants are reparented to it rather than to
/// PID 1. 0, or -1 with errno set.
int cps_set_child_subreaper(void);

/// `pidfd_open(pid, 0)`: a close-on-exec descriptor that names this very process, or -1 with errno set.
int cps_pidfd_open(pid_t pid);

/// `pidfd_send_signal(pidfd, signal, NULL, 0)`: 0, or -1 with errno set.
int cps_pidfd_send_signal(int pidfd, int signal);

/// What `lstat(path)` says of a file, in plain fields: Swift sees no member of `struct stat` in a module
/// that also imports NIO (the header is NIO's there under MemberImportVisibility).
struct cps_file_stamp {
    unsigned long long device;
    unsigned long long inode;
    long long size;
    long long modified_seconds;
    long long modified_nanoseconds;
    /// Non-zero for a regular file (not a link, directory or anything else).
    int is_regular_file;
    /// The permission bits (`st_mode & 07777`).
    unsigned int permissions;
    /// The owner and group.
    unsigned int owner;
    unsigned int group;
};

/// `lstat(path)` into `*stamp`: 0, or -1 with errno set. A symbolic link is described, not followed.
int cps_lstat_stamp(const char *path, struct cps_file_stamp *stamp);

#endif
