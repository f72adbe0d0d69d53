/*
 * Link operations through rtnetlink for private networks: a veth pair from
 * a network's switch namespace into a member's (outer role, OP_NET_VETH),
 * an address on an interface and the interface up (init, OP_NET_ADDR).
 * Every name and address comes from the plan. No allocation: the outer
 * role may jump back to the server on a failure.
 */
#include "fds.h"
#include "io.h"
#include "net.h"
#include "plan.h"
#include "status.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

struct nlreq {
    struct nlmsghdr *h;
    char buf[1024] __attribute__((aligned(NLMSG_ALIGNTO)));
};

static void *nl_start(struct nlreq *q, uint16_t type, uint16_t flags, size_t hdrlen)
{
    memset(q->buf, 0, sizeof q->buf);
    q->h = (struct nlmsghdr *)q->buf;
    q->h->nlmsg_len = NLMSG_LENGTH(hdrlen);
    q->h->nlmsg_type = type;
    q->h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
    q->h->nlmsg_seq = 1;
    return NLMSG_DATA(q->h);
}

static struct rtattr *nl_attr(struct nlreq *q, uint16_t type, const void *data, size_t len)
{
    size_t at = NLMSG_ALIGN(q->h->nlmsg_len);
    if (at + RTA_SPACE(len) > sizeof q->buf)
        return NULL;
    struct rtattr *a = (struct rtattr *)(q->buf + at);
    a->rta_type = type;
    a->rta_len = (unsigned short)RTA_LENGTH(len);
    if (data)
        memcpy(RTA_DATA(a), data, len);
    else
        memset(RTA_DATA(a), 0, len); /* a nest's header, or a peer's ifinfomsg */
    q->h->nlmsg_len = (uint32_t)(at + RTA_SPACE(len));
    return a;
}

static void nl_end(struct nlreq *q, struct rtattr *nest)
{
    nest->rta_len = (unsigned short)(q->buf + q->h->nlmsg_len - (char *)nest);
}

/* Sends the request and reads its acknowledgement: 0 or an errno. */
static int nl_talk(int fd, struct nlreq *q)
{
    if (send(fd, q->buf, q->h->nlmsg_len, 0) < 0)
        return errno;
    char ans[4096] __attribute__((aligned(NLMSG_ALIGNTO)));
    ssize_t n;
    while ((n = recv(fd, ans, sizeof ans, 0)) < 0 && errno == EINTR)
        ;
    if (n < 0)
        return errno;
    struct nlmsghdr *h = (struct nlmsghdr *)ans;
    if (!NLMSG_OK(h, (size_t)n) || h->nlmsg_type != NLMSG_ERROR)
        return EPROTO;
    struct nlmsgerr *e = NLMSG_DATA(h);
    return -e->error;
}

static int nl_open(void)
{
    return socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
}

/* Creates a link of kind (no peer) or, with peer, a veth pair whose peer
 * is created straight in the namespace of peer_ns. */
static int link_add(int fd, const char *name, const char *kind, const char *peer, int peer_ns)
{
    struct nlreq q;
    nl_start(&q, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, sizeof(struct ifinfomsg));
    nl_attr(&q, IFLA_IFNAME, name, strlen(name) + 1);
    struct rtattr *info = nl_attr(&q, IFLA_LINKINFO, NULL, 0);
    nl_attr(&q, IFLA_INFO_KIND, kind, strlen(kind));
    if (peer) {
        struct rtattr *data = nl_attr(&q, IFLA_INFO_DATA, NULL, 0);
        struct rtattr *p = nl_attr(&q, VETH_INFO_PEER, NULL, sizeof(struct ifinfomsg));
        nl_attr(&q, IFLA_IFNAME, peer, strlen(peer) + 1);
        uint32_t ns = (uint32_t)peer_ns;
        if (!nl_attr(&q, IFLA_NET_NS_FD, &ns, sizeof ns))
            return EMSGSIZE;
        nl_end(&q, p);
        nl_end(&q, data);
    }
    nl_end(&q, info);
    return nl_talk(fd, &q);
}

/* A request of type about the link called name; NULL (errno set) when there is none. */
static struct ifinfomsg *link_msg(struct nlreq *q, uint16_t type, const char *name)
{
    int index = (int)if_nametoindex(name);
    if (index == 0)
        return NULL;
    struct ifinfomsg *i = nl_start(q, type, 0, sizeof *i);
    i->ifi_index = index;
    return i;
}

/* Sets a link up, and its master when master > 0. */
static int link_set(int fd, const char *name, int master)
{
    struct nlreq q;
    struct ifinfomsg *i = link_msg(&q, RTM_NEWLINK, name);
    if (!i)
        return errno;
    i->ifi_flags = IFF_UP;
    i->ifi_change = IFF_UP;
    if (master > 0) {
        uint32_t m = (uint32_t)master;
        nl_attr(&q, IFLA_MASTER, &m, sizeof m);
    }
    return nl_talk(fd, &q);
}

/* Deletes a link (a veth end takes its peer along). */
static int link_del(int fd, const char *name)
{
    struct nlreq q;
    return link_msg(&q, RTM_DELLINK, name) ? nl_talk(fd, &q) : errno;
}

/* The server's child: in the switch's namespace, the bridge (once), the
 * veth pair into the member's, the switch's end on the bridge and up. */
static __attribute__((noreturn)) void veth_child(int switch_userns, int switch_ns, int member_ns,
                                                 const char *bridge, const char *outside, const char *inside,
                                                 int report)
{
    const char *step = "setns (user namespace)";
    int err = switch_userns >= 0 && setns(switch_userns, CLONE_NEWUSER) != 0 ? errno : 0;
    if (!err) {
        step = "setns";
        err = setns(switch_ns, CLONE_NEWNET) != 0 ? errno : 0;
    }
    int fd = -1;
    if (!err) {
        step = "netlink socket";
        fd = nl_open();
        err = fd < 0 ? errno : 0;
    }
    if (!err) {
        step = "bridge";
        err = link_add(fd, bridge, "bridge", NULL, -1);
        if (err == EEXIST)
            err = 0; /* an earlier member made it */
        if (!err)
            err = link_set(fd, bridge, 0);
    }
    if (!err) {
        step = "veth";
        err = link_add(fd, outside, "veth", inside, member_ns);
        if (err == EEXIST) {
            /* The end of an ended member at this address: the kernel frees a
             * dead namespace's links in the background, so it may linger. */
            step = "removing a lingering veth";
            err = link_del(fd, outside);
            if (!err) {
                step = "veth";
                err = link_add(fd, outside, "veth", inside, member_ns);
            }
        }
    }
    if (!err) {
        step = "veth on the bridge";
        err = link_set(fd, outside, (int)if_nametoindex(bridge));
    }
    char msg[96];
    int n = snprintf(msg, sizeof msg, "%d %s", err, step);
    if (write(report, msg, (size_t)n) < 0)
        _exit(2);
    _exit(err ? 1 : 0);
}

int net_veth_run(const uint8_t *payload, uint32_t len, pid_t pid, char *why, size_t whylen)
{
    struct op op = { OP_NET_VETH, len, payload };
    struct reader r;
    reader_init(&r, &op);
    static char names[5][256];
    for (int i = 0; i < 5; i++) {
        uint32_t n;
        const uint8_t *s = rd_bytes(&r, &n);
        if (r.bad || n >= sizeof names[i] || (i > 0 && i < 4 && n >= IFNAMSIZ) || memchr(s, 0, n)) {
            snprintf(why, whylen, "malformed veth op");
            return -1;
        }
        memcpy(names[i], s, n);
        names[i][n] = '\0';
    }
    if (!reader_ok(&r)) {
        snprintf(why, whylen, "malformed veth op");
        return -1;
    }
    char member[64];
    snprintf(member, sizeof member, "/proc/%d/ns/net", (int)pid);
    int switch_ns = open(names[0], O_RDONLY | O_CLOEXEC);
    if (switch_ns < 0) {
        snprintf(why, whylen, "open %s (the network's switch): %s", names[0], strerror(errno));
        return 1;
    }
    int member_ns = open(member, O_RDONLY | O_CLOEXEC);
    int userns = names[4][0] ? open(names[4], O_RDONLY | O_CLOEXEC) : -2;
    int pipefd[2] = { -1, -1 };
    if (member_ns < 0 || userns == -1 || pipe2(pipefd, O_CLOEXEC) != 0) {
        snprintf(why, whylen, "open %s: %s", userns == -1 ? names[4] : member, strerror(errno));
        close(switch_ns);
        if (member_ns >= 0)
            close(member_ns);
        if (userns >= 0)
            close(userns);
        return 1;
    }
    pid_t child = fork();
    if (child == 0)
        veth_child(userns, switch_ns, member_ns, names[1], names[2], names[3], pipefd[1]);
    int ferr = errno;
    close(pipefd[1]);
    close(switch_ns);
    close(member_ns);
    if (userns >= 0)
        close(userns);
    char msg[96] = "";
    ssize_t got = child < 0 ? 0 : read(pipefd[0], msg, sizeof msg - 1);
    close(pipefd[0]);
    msg[got > 0 ? got : 0] = '\0';
    int status = 0;
    if (child > 0) {
        while (waitpid(child, &status, 0) < 0 && errno == EINTR)
            ;
    }
    if (child > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    int err = child < 0 ? ferr : 0;
    char *step = strchr(msg, ' ');
    if (step)
        err = atoi(msg);
    char how[48] = "";
    if (child > 0 && !step)
        snprintf(how, sizeof how, " (the child's %s %d)", WIFEXITED(status) ? "exit" : "signal",
                 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    snprintf(why, whylen, "%s: %s%s (veth %s in %s, %s in %s, bridge %s)", step ? step + 1 : "fork",
             strerror(err ? err : EIO), how, names[2], names[0], names[3], member, names[1]);
    return 1;
}

void net_addr(const char *ifname, const uint8_t *addr, uint32_t len, uint32_t prefix)
{
    if ((len != 4 && len != 16) || prefix > len * 8)
        fail("net address", EINVAL, "%u address bytes, prefix %u", len, prefix);
    int fd = nl_open();
    if (fd < 0)
        fail("net address", errno, "netlink socket");
    int index = (int)if_nametoindex(ifname);
    if (index == 0)
        fail("net address", errno, "interface %s", ifname);
    struct nlreq q;
    struct ifaddrmsg *a = nl_start(&q, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, sizeof *a);
    a->ifa_family = len == 4 ? AF_INET : AF_INET6;
    a->ifa_prefixlen = (unsigned char)prefix;
    a->ifa_index = (unsigned)index;
    nl_attr(&q, IFA_LOCAL, addr, len);
    nl_attr(&q, IFA_ADDRESS, addr, len);
    int err = nl_talk(fd, &q);
    if (err)
        fail("net address", err, "RTM_NEWADDR on %s", ifname);
    err = link_set(fd, ifname, 0);
    if (err)
        fail("net address", err, "setting %s up", ifname);
    close(fd);
}
