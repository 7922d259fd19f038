// A small blocking HTTP/1.1 client for tests of the daemon's APIs.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace shoal::test {

struct HttpReply {
    int status = 0;                              // 0: no connection
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
};

HttpReply http_call(const std::string& endpoint, const std::string& method,
                    const std::string& target,
                    const std::vector<std::pair<std::string, std::string>>& headers = {},
                    const std::string& body = {});

// "a=1&b=2" with values percent-encoded.
std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);

// A multipart/form-data body and its content type.
struct Multipart {
    std::string content_type;
    std::string body;
};
Multipart multipart(const std::vector<std::pair<std::string, std::string>>& fields,
                    const std::vector<std::pair<std::string, std::string>>& files);  // name, bytes

}  // namespace shoal::test
