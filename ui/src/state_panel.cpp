#include "state_panel.h"

#include <shoal/ui/transfer_list_model.h>

#include <array>

namespace shoal::ui {
namespace {

using M = TransferListModel;

struct Filter {
    const char* label;
    unsigned groups;
};
constexpr std::array<Filter, 7> kFilters{{{"All", 0},
                                          {"Downloading", M::Downloading},
                                          {"Seeding", M::Seeding},
                                          {"Completed", M::Completed},
                                          {"Paused", M::Paused},
                                          {"Active", M::Active},
                                          {"Errored", M::Errored}}};

}  // namespace

StatePanel::StatePanel(QWidget* parent) : QListWidget(parent) {
    for (const auto& f : kFilters) {
        auto* item = new QListWidgetItem(tr(f.label) + QStringLiteral(" (0)"), this);
        item->setData(Qt::UserRole, f.groups);
    }
    setCurrentRow(0);
    setMaximumWidth(200);
    connect(this, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0) emit filter_chosen(item(row)->data(Qt::UserRole).toUInt());
    });
}

void StatePanel::recount(const TransferListModel& model) {
    std::array<int, kFilters.size()> counts{};
    const int rows = model.rowCount();
    for (int r = 0; r < rows; ++r) {
        const unsigned g = M::state_groups(*model.snapshot(r));
        for (std::size_t i = 1; i < kFilters.size(); ++i)
            if (g & kFilters[i].groups) ++counts[i];
    }
    counts[0] = rows;
    for (std::size_t i = 0; i < kFilters.size(); ++i)
        item(static_cast<int>(i))
            ->setText(tr(kFilters[i].label) + QStringLiteral(" (%1)").arg(counts[i]));
}

}  // namespace shoal::ui
