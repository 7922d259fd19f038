// shoal_discard_leecher TORRENT PORT [QUEUE]: the floor of the download rows. It connects to
// the seeder at 127.0.0.1:PORT, asks for every 16 KiB block of the torrent, keeping QUEUE
// requests in flight (default 490; libtorrent drops those past its 500), and throws each
// block away as it arrives: no disk, no hashing, no piece picking, plaintext. What it takes
// is what the seeder (and the loopback) need to send the torrent, and more than any real
// leecher can do better than. Prints the seconds from the connection to the last block and
// its own CPU time; exits 1 on any error.
#include <libtorrent/torrent_info.hpp>

#include <arpa/inet.h>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdexcept>
#include <string>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

void send_all(int fd, const std::string& bytes) {
    for (std::size_t at = 0; at < bytes.size();) {
        const ssize_t n = ::send(fd, bytes.data() + at, bytes.size() - at, MSG_NOSIGNAL);
        if (n <= 0) throw std::runtime_error("send: " + std::string(std::strerror(errno)));
        at += static_cast<std::size_t>(n);
    }
}

std::string u32(std::uint32_t v) {
    const std::uint32_t be = htonl(v);
    return std::string(reinterpret_cast<const char*>(&be), 4);
}

std::uint32_t read_u32(const char* p) {
    std::uint32_t be;
    std::memcpy(&be, p, 4);
    return ntohl(be);
}

double cpu_seconds() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct Block {
    int piece;
    int start;
    int length;
};

int run(const char* torrent, int port, std::size_t queue) {
    const lt::torrent_info ti{std::string(torrent)};
    std::vector<Block> blocks;
    for (auto p : ti.piece_range())
        for (int at = 0; at < ti.piece_size(p); at += 16384)
            blocks.push_back({static_cast<int>(p), at, std::min(16384, ti.piece_size(p) - at)});

    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<std::uint16_t>(port));
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const auto start = std::chrono::steady_clock::now();
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0)
        throw std::runtime_error("connect: " + std::string(std::strerror(errno)));
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    const auto ih = ti.info_hashes().v1;
    send_all(fd, std::string("\x13"
                             "BitTorrent protocol") +
                     std::string(8, '\0') + std::string(ih.data(), ih.size()) +
                     "-SD0001-discard00000");
    send_all(fd, u32(1) + "\x02");  // interested

    std::vector<char> buf(4 << 20);
    std::size_t have = 0;  // bytes in buf
    bool handshaken = false, unchoked = false;
    std::size_t next = 0, received = 0, in_flight = 0;
    std::int64_t bytes = 0;
    while (received < blocks.size()) {
        if (unchoked && in_flight < queue / 2 && next < blocks.size()) {
            std::string requests;
            for (; in_flight < queue && next < blocks.size(); ++in_flight, ++next) {
                const Block& b = blocks[next];
                requests += u32(13) + "\x06" + u32(static_cast<std::uint32_t>(b.piece)) +
                            u32(static_cast<std::uint32_t>(b.start)) +
                            u32(static_cast<std::uint32_t>(b.length));
            }
            send_all(fd, requests);
        }
        const ssize_t n = ::recv(fd, buf.data() + have, buf.size() - have, 0);
        if (n <= 0) throw std::runtime_error("the seeder closed the connection");
        have += static_cast<std::size_t>(n);
        std::size_t at = 0;
        if (!handshaken) {
            if (have < 68) continue;
            handshaken = true;
            at = 68;
        }
        while (have - at >= 4) {
            const std::uint32_t len = read_u32(buf.data() + at);
            if (len > buf.size() - 4) throw std::runtime_error("a message too long");
            if (have - at < 4 + len) break;
            if (len > 0) {
                const char id = buf[at + 4];
                if (id == 0) throw std::runtime_error("choked");
                if (id == 1) unchoked = true;
                if (id == 7) {
                    ++received;
                    --in_flight;
                    bytes += len - 9;
                }
            }
            at += 4 + len;
        }
        std::memmove(buf.data(), buf.data() + at, have - at);
        have -= at;
    }
    const double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ::close(fd);
    std::printf("received %lld bytes in %zu blocks in %.3f s; CPU %.3f s\n",
                static_cast<long long>(bytes), blocks.size(), took, cpu_seconds());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s TORRENT PORT [QUEUE]\n", argv[0]);
        return 2;
    }
    try {
        return run(argv[1], std::atoi(argv[2]), argc > 3 ? std::stoul(argv[3]) : 490);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "shoal_discard_leecher: %s\n", e.what());
        return 1;
    }
}
