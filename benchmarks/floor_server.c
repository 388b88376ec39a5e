/* The least a server can do for one HTTP request on this machine: a blocking loop that reads a request from a
 * kept-alive connection and writes a fixed 202 answer, nothing parsed. message_latency.py times the same client
 * against it, with the same quiet between requests, to show the machine's own cost for one exchange.
 * Usage: floor_server <port>   (serves one connection at a time, forever) */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    int listener = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {0};
    address.sin_family = AF_INET;
    address.sin_port = htons((unsigned short)atoi(argv[1]));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 8) != 0) return 1;
    static const char answer[] =
        "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}";
    char buffer[65536];
    for (;;) {
        int connection = accept(listener, 0, 0);
        if (connection < 0) continue;
        setsockopt(connection, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        while (read(connection, buffer, sizeof buffer) > 0) {
            if (write(connection, answer, sizeof answer - 1) < 0) break;
        }
        close(connection);
    }
}
