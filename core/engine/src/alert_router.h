// AlertRouter: hands each libtorrent alert to the handlers registered for its type, so
// that alert handling is split by concern instead of one large switch (internal).
#pragma once

#include <libtorrent/alert.hpp>

#include <array>
#include <functional>
#include <vector>

namespace shoal::engine {

class AlertRouter {
  public:
    template <class A>
    void on(std::function<void(const A&)> handler) {
        handlers_[A::alert_type].push_back(
            [h = std::move(handler)](const lt::alert& a) { h(static_cast<const A&>(a)); });
    }

    void dispatch(const lt::alert& a) const {
        const int type = a.type();
        if (type < 0 || type >= static_cast<int>(handlers_.size())) return;
        for (const auto& h : handlers_[static_cast<std::size_t>(type)])
            h(a);
    }

  private:
    std::array<std::vector<std::function<void(const lt::alert&)>>, lt::num_alert_types> handlers_;
};

}  // namespace shoal::engine
