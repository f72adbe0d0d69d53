package dev.sandbox4j.internal.seccomp;

import dev.sandbox4j.ArgCondition;
import dev.sandbox4j.SeccompAction;
import dev.sandbox4j.SeccompProfile;
import dev.sandbox4j.SeccompRule;

import java.util.ArrayList;
import java.util.List;

/**
 * The default seccomp profile ({@link SeccompProfile#defaultProfile()}): a
 * deny list with the intent of Docker's default profile. Docker's is an
 * allow list gated on capabilities; ours allows everything but the kernel
 * surface an ordinary program never needs, because the sandbox also drops
 * every capability, and a deny list does not break programs that use a
 * call newer than the list.
 *
 * <p>Denied (the profile's deny action, EPERM unless changed):
 * <ul>
 * <li>unconditionally: {@link #DENIED}; calls absent on an architecture are skipped there;
 * <li>{@code clone} with any CLONE_NEW* flag in arg0 (flags is arg0 on x86_64 and
 *     aarch64; CLONE_NEWTIME is not in the mask because in clone's arg0 bit 0x80
 *     belongs to the exit signal, and new time namespaces need clone3 or
 *     unshare, both refused);
 * <li>{@code personality} other than PER_LINUX 0x0, PER_LINUX32 0x8, UNAME26
 *     0x20000, 0x20008 and the query 0xffffffff (Docker's list), compared on
 *     the low 32 bits the kernel reads;
 * <li>{@code ioctl} TIOCSTI (0x5412) and TIOCLINUX (0x541c), compared on the
 *     low 32 bits since the kernel truncates the request: setting high bits
 *     does not get past;
 * <li>{@code socket} of family AF_ALG, AF_VSOCK or AF_PACKET (low 32 bits), raw IP
 *     sockets (AF_INET/AF_INET6 with type SOCK_RAW) and SOCK_PACKET in any family
 *     ({@code type & 0xf}: SOCK_NONBLOCK and SOCK_CLOEXEC are ORed into the type).
 *     Netlink stays allowed: its sockets are SOCK_RAW by design and reach no wire
 *     (iproute2 needs them to even list interfaces).
 * </ul>
 * {@code clone3} always fails with ENOSYS (not the deny action, so
 * {@code --seccomp-kill} does not kill every threaded program): libc then
 * falls back to {@code clone}, whose flags a filter can see; clone3's are
 * behind a pointer.
 *
 * <p>Decisions beyond Docker's list: {@code kcmp} (compares kernel objects of
 * other processes, a ptrace-class call) and {@code fanotify_init} (whole-mount
 * file monitoring; inotify is what ordinary programs use) are denied;
 * {@code name_to_handle_at} is denied with its partner. {@code stime} and
 * {@code umount} exist on neither architecture and are therefore not listed.
 */
public final class DefaultProfile {
    private DefaultProfile() {}

    /** Calls denied whatever their arguments. */
    public static final List<String> DENIED = List.of(
            // kernel modules, kexec, reboot, swap
            "init_module", "finit_module", "delete_module", "create_module", "get_kernel_syms",
            "query_module", "kexec_load", "kexec_file_load", "reboot", "swapon", "swapoff",
            // tracing, bpf, perf, userfaultfd, keyrings
            "bpf", "perf_event_open", "userfaultfd", "add_key", "request_key", "keyctl",
            "ptrace", "process_vm_readv", "process_vm_writev", "kcmp",
            // clocks
            "settimeofday", "clock_settime", "clock_adjtime", "adjtimex",
            // accounting, quotas, kernel log
            "acct", "quotactl", "quotactl_fd", "syslog",
            // mounts, old and new API, and changing root or namespaces
            "mount", "umount2", "fsopen", "fsconfig", "fsmount", "fspick", "open_tree", "open_tree_attr",
            "move_mount", "mount_setattr", "pivot_root", "chroot", "setns", "unshare",
            // file handles bypass path permission checks
            "open_by_handle_at", "name_to_handle_at",
            // io_uring runs calls the filter never sees
            "io_uring_setup", "io_uring_enter", "io_uring_register",
            // obsolete or host-wide
            "lookup_dcookie", "nfsservctl", "vhangup", "uselib", "ustat", "sysfs", "_sysctl",
            "fanotify_init", "iopl", "ioperm");

    /** CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET. */
    public static final long CLONE_NEW_MASK = 0x7E020000L;
    static final long LOW32 = 0xffffffffL;
    static final long[] SAFE_PERSONALITIES = {0x0, 0x8, 0x20000, 0x20008, 0xffffffffL};
    static final long TIOCSTI = 0x5412, TIOCLINUX = 0x541c;
    static final long AF_PACKET = 17, AF_ALG = 38, AF_VSOCK = 40;
    static final long SOCK_TYPE_MASK = 0xf, SOCK_RAW = 3, SOCK_PACKET = 10, AF_INET = 2, AF_INET6 = 10;
    static final int ENOSYS = 38;

    public static final SeccompProfile PROFILE = build();

    private static SeccompProfile build() {
        List<SeccompRule> rules = new ArrayList<>();
        for (String name : DENIED) {
            rules.add(SeccompRule.deny(name));
        }
        rules.add(SeccompRule.deny("clone", new ArgCondition(0, CLONE_NEW_MASK, ArgCondition.Op.NE, 0)));
        rules.add(SeccompRule.of(SeccompAction.errno(ENOSYS), "clone3"));
        for (long persona : SAFE_PERSONALITIES) {
            rules.add(SeccompRule.allow("personality", ArgCondition.maskedEq(0, LOW32, persona)));
        }
        rules.add(SeccompRule.deny("personality"));
        rules.add(SeccompRule.deny("ioctl", ArgCondition.maskedEq(1, LOW32, TIOCSTI)));
        rules.add(SeccompRule.deny("ioctl", ArgCondition.maskedEq(1, LOW32, TIOCLINUX)));
        for (long family : new long[] {AF_PACKET, AF_ALG, AF_VSOCK}) {
            rules.add(SeccompRule.deny("socket", ArgCondition.maskedEq(0, LOW32, family)));
        }
        for (long family : new long[] {AF_INET, AF_INET6}) {
            rules.add(SeccompRule.deny("socket", ArgCondition.maskedEq(0, LOW32, family),
                    ArgCondition.maskedEq(1, SOCK_TYPE_MASK, SOCK_RAW)));
        }
        rules.add(SeccompRule.deny("socket", ArgCondition.maskedEq(1, SOCK_TYPE_MASK, SOCK_PACKET)));
        return new SeccompProfile(SeccompAction.ALLOW, SeccompProfile.EPERM, rules);
    }
}
