package dev.sandbox4j.internal.sys;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A fake {@link Syscalls} that records every call in order, hands out fd
 * numbers like the kernel (lowest free), tracks which are open, and fails a
 * chosen call with a chosen errno.
 */
public final class RecordingSyscalls implements Syscalls {
    public final List<String> calls = new ArrayList<>();
    public final List<List<FileAction>> spawns = new ArrayList<>();
    /** Each sendmsg: the bytes and the attached fds, recorded before any injected failure. */
    public final List<Sent> sent = new ArrayList<>();
    private final List<String[]> failures = new ArrayList<>();
    private final TreeSet<Integer> open = new TreeSet<>(Set.of(0, 1, 2));
    private final Map<Integer, ByteArrayOutputStream> readable = new HashMap<>();
    private final Map<Integer, ByteArrayOutputStream> written = new HashMap<>();
    private final Map<Integer, Long> epollKeys = new HashMap<>();
    private final ArrayDeque<Long> ready = new ArrayDeque<>();

    /** A message sent with fds. */
    public record Sent(byte[] data, int[] fds) {}

    /** Makes the next call named {@code call} fail with {@code errno}; several queue up in order. */
    public RecordingSyscalls failing(String call, int errno) {
        failures.add(new String[] {call, String.valueOf(errno)});
        return this;
    }

    /** Queues {@code bytes} for reads of {@code fd}; a read with nothing queued returns 0 (end of file). */
    public synchronized RecordingSyscalls feed(int fd, byte[] bytes) {
        readable.computeIfAbsent(fd, k -> new ByteArrayOutputStream()).writeBytes(bytes);
        return this;
    }

    /** Every byte written to {@code fd} so far, in order. */
    public synchronized byte[] written(int fd) {
        ByteArrayOutputStream w = written.get(fd);
        return w == null ? new byte[0] : w.toByteArray();
    }

    /** Makes the next {@code epoll_wait} report {@code fd} (added before) as ready, as on a hang-up. */
    public synchronized void hangUp(int fd) {
        Long key = epollKeys.get(fd);
        if (key == null) {
            throw new IllegalStateException("fd " + fd + " is not in the epoll set");
        }
        ready.add(key);
    }

    /** The fds above stdio that are open now. */
    public Set<Integer> openFds() {
        TreeSet<Integer> s = new TreeSet<>(open);
        s.removeAll(Set.of(0, 1, 2));
        return s;
    }

    private void record(String call, Object... args) throws SyscallException {
        calls.add(call + (args.length == 0 ? "" : " " + java.util.Arrays.toString(args)));
        for (int i = 0; i < failures.size(); i++) {
            if (failures.get(i)[0].equals(call)) {
                int errno = Integer.parseInt(failures.remove(i)[1]);
                // like the real bindings, name the first argument (the path or fd)
                throw new SyscallException(call, errno, args.length == 0 ? null : String.valueOf(args[0]));
            }
        }
    }

    private int allocate() {
        int fd = 0;
        while (open.contains(fd)) {
            fd++;
        }
        open.add(fd);
        return fd;
    }

    @Override
    public int[] pipe2(int flags) throws SyscallException {
        record("pipe2");
        return new int[] {allocate(), allocate()};
    }

    @Override
    public int open(String path, int flags, int mode) throws SyscallException {
        record("open", path);
        return allocate();
    }

    @Override
    public synchronized long read(int fd, MemorySegment buf, long len) throws SyscallException {
        record("read", fd);
        ByteArrayOutputStream r = readable.get(fd);
        if (r == null || r.size() == 0) {
            return 0;
        }
        byte[] all = r.toByteArray();
        int n = (int) Math.min(len, all.length);
        MemorySegment.copy(MemorySegment.ofArray(all), 0, buf, 0, n);
        r.reset();
        r.write(all, n, all.length - n);
        return n;
    }

    @Override
    public synchronized long write(int fd, MemorySegment buf, long len) throws SyscallException {
        record("write", fd);
        written.computeIfAbsent(fd, k -> new ByteArrayOutputStream()).writeBytes(buf.asSlice(0, len).toArray(
                ValueLayout.JAVA_BYTE));
        return len;
    }

    @Override
    public void close(int fd) throws SyscallException {
        record("close", fd);
        if (!open.remove(fd)) {
            throw new SyscallException("close", Errno.EBADF, "fd " + fd + " (double close)");
        }
    }

    @Override
    public int fcntl(int fd, int cmd, long arg) throws SyscallException {
        record("fcntl", fd, cmd);
        return 0;
    }

    @Override
    public int bytesAvailable(int fd) throws SyscallException {
        record("ioctl FIONREAD", fd);
        return 0;
    }

    @Override
    public int memfdCreate(String name, int flags) throws SyscallException {
        record("memfd_create", name);
        return allocate();
    }

    @Override
    public int posixSpawn(String path, List<String> argv, List<String> env, List<FileAction> actions)
            throws SyscallException {
        spawns.add(List.copyOf(actions));
        record("posix_spawn", path);
        return 4242;
    }

    @Override
    public int[] seqpacketPair() throws SyscallException {
        record("socketpair");
        return new int[] {allocate(), allocate()};
    }

    @Override
    public void sendWithFds(int sock, byte[] data, int[] fds) throws SyscallException {
        for (int fd : fds) {
            if (!open.contains(fd)) {
                throw new SyscallException("sendmsg", Errno.EBADF, "fd " + fd + " is not open");
            }
        }
        sent.add(new Sent(data.clone(), fds.clone()));
        record("sendmsg", sock);
    }

    @Override
    public int pidfdOpen(int pid) throws SyscallException {
        record("pidfd_open", pid);
        return allocate();
    }

    @Override
    public void pidfdSendSignal(int pidfd, int signal) throws SyscallException {
        record("pidfd_send_signal", pidfd, signal);
    }

    @Override
    public ExitInfo waitidPidfd(int pidfd, boolean noHang) throws SyscallException {
        record("waitid", pidfd);
        return new ExitInfo(true, 0, 0, 0, 0);
    }

    @Override
    public int epollCreate() throws SyscallException {
        record("epoll_create1");
        return allocate();
    }

    @Override
    public synchronized void epollAdd(int epfd, int fd, int events, long data) throws SyscallException {
        record("epoll_ctl ADD", fd);
        epollKeys.put(fd, data);
    }

    @Override
    public synchronized void epollDelete(int epfd, int fd) throws SyscallException {
        record("epoll_ctl DEL", fd);
        epollKeys.remove(fd);
    }

    /** Never waits: reports the fds {@link #hangUp(int)} queued, or nothing. */
    @Override
    public synchronized int epollWait(int epfd, long[] data, int timeoutMillis) throws SyscallException {
        record("epoll_wait");
        int n = 0;
        while (!ready.isEmpty() && n < data.length) {
            data[n++] = ready.poll();
        }
        return n;
    }

    @Override
    public int eventfd() throws SyscallException {
        record("eventfd");
        return allocate();
    }

    @Override
    public int geteuid() {
        return 1000;
    }

    @Override
    public int getegid() {
        return 1000;
    }

    @Override
    public int fileMode(int fd) throws SyscallException {
        record("fileMode", fd);
        return 0100644;
    }

    @Override
    public long[] getrlimit(int resource) throws SyscallException {
        record("getrlimit", resource);
        return new long[] {-1, -1};
    }
}
