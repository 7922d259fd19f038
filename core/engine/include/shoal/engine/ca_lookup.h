// Where OpenSSL finds the certificate authorities that HTTPS trackers, web seeds and .torrent
// URLs are checked against.
#pragma once

namespace shoal::engine {

// libtorrent's session loads OpenSSL's default CA bundle file when it starts (~140
// certificates: 20 ms of every start, measured on `shoal seed`), and so does every HTTPS
// fetch. Where the default CA directory holds hashed certificate links (Debian's
// ca-certificates makes them), OpenSSL finds the one certificate it needs there at the moment
// it checks a server; this points SSL_CERT_FILE away from the bundle so that only that lookup
// happens. It leaves systems without the links alone, and an SSL_CERT_FILE the user set,
// unless it names the default bundle itself while the CA directory is the default one (some
// environments set SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt, which is where Debian's
// default links): that is the same certificates as the directory, and parsing it took 25-35
// ms of every session's start. Call from main() before any thread starts (it sets an
// environment variable).
void use_lazy_ca_lookup();

}  // namespace shoal::engine
