#include <shoal/ui/display_format.h>
#include <shoal/ui/transfer_list_model.h>

#include <algorithm>
#include <array>

namespace shoal::ui {
namespace {

using engine::Field;
using engine::FieldSet;
using engine::TorrentSnapshot;
using engine::TorrentState;
using Col = TransferListModel::Column;

// The columns that show each field group, as [first, last] spans.
std::pair<int, int> columns_of(FieldSet fields) {
    int first = Col::ColumnCount, last = -1;
    auto take = [&](Field f, std::initializer_list<int> cols) {
        if (!fields.has(f)) return;
        for (int c : cols) {
            first = std::min(first, c);
            last = std::max(last, c);
        }
    };
    take(Field::identity, {Col::Name, Col::SavePath});
    take(Field::state, {Col::State});
    take(Field::progress, {Col::Size, Col::Progress});
    take(Field::transfer, {Col::DownRate, Col::UpRate, Col::Eta, Col::Ratio});
    take(Field::swarm, {Col::Seeds, Col::Peers});
    take(Field::times, {Col::Added});
    return {first, last};
}

QString swarm_text(int connected, int in_swarm) {
    return in_swarm >= 0 ? QStringLiteral("%1 (%2)").arg(connected).arg(in_swarm)
                         : QString::number(connected);
}

}  // namespace

TransferListModel::TransferListModel(QObject* parent) : QAbstractTableModel(parent) {}

unsigned TransferListModel::state_groups(const TorrentSnapshot& s) {
    unsigned g = 0;
    if (!s.error.empty()) g |= Errored;
    if (s.paused) g |= Paused;
    const bool complete = s.state == TorrentState::seeding || s.state == TorrentState::finished;
    if (complete) g |= Completed;
    if (!s.paused && s.error.empty()) {
        if (complete)
            g |= Seeding;
        else if (s.state == TorrentState::downloading || s.state == TorrentState::fetching_metadata)
            g |= Downloading;
    }
    if (s.download_rate > 0 || s.upload_rate > 0) g |= Active;
    return g;
}

bool TransferListModel::less(const TorrentSnapshot& a, const TorrentSnapshot& b, int column) {
    switch (column) {
        case Name:
            return QString::localeAwareCompare(QString::fromStdString(a.name),
                                               QString::fromStdString(b.name)) < 0;
        case Size:
            return a.wanted_size < b.wanted_size;
        case Progress:
            return a.progress < b.progress;
        case State:
            return engine::display_state(a) < engine::display_state(b);
        case Seeds:
            return a.seeds < b.seeds;
        case Peers:
            return a.peers < b.peers;
        case DownRate:
            return a.download_rate < b.download_rate;
        case UpRate:
            return a.upload_rate < b.upload_rate;
        case Eta:
            return a.eta.value_or(INT64_MAX) < b.eta.value_or(INT64_MAX);
        case Ratio:
            return a.ratio < b.ratio;
        case Added:
            return a.added_time < b.added_time;
        case SavePath:
            return a.save_path < b.save_path;
        default:
            return false;
    }
}

void TransferListModel::apply(const engine::TorrentUpdate& update) {
    if (!update.removed.empty()) remove_rows(update.removed);
    if (!update.added.empty()) insert_rows(update.added);
    if (!update.changed.empty()) change_rows(update.changed);
    emit applied();
}

void TransferListModel::remove_rows(const std::vector<engine::TorrentId>& ids) {
    std::vector<int> rows;
    for (const auto& id : ids)
        if (auto it = index_.find(id); it != index_.end()) rows.push_back(it->second);
    if (rows.empty()) return;
    std::sort(rows.begin(), rows.end());
    // From the end, one contiguous block at a time, so earlier row numbers stay valid.
    for (auto hi = rows.rbegin(); hi != rows.rend();) {
        auto lo = hi;
        while (std::next(lo) != rows.rend() && *std::next(lo) == *lo - 1)
            ++lo;
        const int first = *lo, last = *hi;
        beginRemoveRows({}, first, last);
        for (int r = first; r <= last; ++r)
            index_.erase(rows_[static_cast<std::size_t>(r)].id);
        rows_.erase(rows_.begin() + first, rows_.begin() + last + 1);
        endRemoveRows();
        hi = std::next(lo);
    }
    for (int r = rows.front(); r < static_cast<int>(rows_.size()); ++r)
        index_[rows_[static_cast<std::size_t>(r)].id] = r;
}

void TransferListModel::insert_rows(const std::vector<TorrentSnapshot>& added) {
    std::vector<const TorrentSnapshot*> fresh;
    for (const auto& s : added) {
        if (auto it = index_.find(s.id); it != index_.end()) {
            rows_[static_cast<std::size_t>(it->second)] = s;  // known already: a change
            emit dataChanged(index(it->second, 0), index(it->second, ColumnCount - 1));
        } else {
            fresh.push_back(&s);
        }
    }
    if (fresh.empty()) return;
    const int first = static_cast<int>(rows_.size());
    beginInsertRows({}, first, first + static_cast<int>(fresh.size()) - 1);
    for (const auto* s : fresh) {
        index_[s->id] = static_cast<int>(rows_.size());
        rows_.push_back(*s);
    }
    endInsertRows();
}

void TransferListModel::change_rows(const std::vector<engine::ChangedTorrent>& changed) {
    std::vector<std::pair<int, FieldSet>> touched;
    touched.reserve(changed.size());
    for (const auto& c : changed) {
        auto it = index_.find(c.snapshot.id);
        if (it == index_.end()) continue;
        rows_[static_cast<std::size_t>(it->second)] = c.snapshot;
        touched.emplace_back(it->second, c.fields);
    }
    if (touched.empty()) return;
    std::sort(touched.begin(), touched.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    FieldSet all_fields;
    for (const auto& t : touched)
        all_fields |= t.second;
    const auto [first_col, last_col] = columns_of(all_fields);
    if (last_col < 0) return;
    // When rows moved all over the table, one signal costs less than many.
    if (touched.size() * 8 >= rows_.size()) {
        emit dataChanged(index(touched.front().first, first_col),
                         index(touched.back().first, last_col));
        return;
    }
    for (std::size_t i = 0; i < touched.size();) {
        std::size_t j = i;
        while (j + 1 < touched.size() && touched[j + 1].first == touched[j].first + 1)
            ++j;
        emit dataChanged(index(touched[i].first, first_col), index(touched[j].first, last_col));
        i = j + 1;
    }
}

int TransferListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int TransferListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

const TorrentSnapshot* TransferListModel::snapshot(int row) const {
    return row >= 0 && row < static_cast<int>(rows_.size()) ? &rows_[static_cast<std::size_t>(row)]
                                                            : nullptr;
}

std::optional<int> TransferListModel::row_of(const engine::TorrentId& id) const {
    auto it = index_.find(id);
    return it == index_.end() ? std::nullopt : std::optional<int>(it->second);
}

QVariant TransferListModel::data(const QModelIndex& index, int role) const {
    const TorrentSnapshot* s = index.isValid() ? snapshot(index.row()) : nullptr;
    if (!s || index.column() >= ColumnCount) return {};
    if (role == IdRole) return QString::fromStdString(s->id.hex());
    if (role == StateGroupRole) return state_groups(*s);
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
            case Name:
            case State:
            case SavePath:
                return {};
            default:
                return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        }
    }
    if (role == Qt::ToolTipRole && index.column() == State && !s->error.empty())
        return QString::fromStdString(s->error);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case Name:
            return QString::fromStdString(s->name);
        case Size:
            return size_text(s->wanted_size);
        case Progress:
            return s->progress;  // drawn as a bar by the view's delegate
        case State:
            return QString::fromStdString(engine::display_state(*s));
        case Seeds:
            return swarm_text(s->seeds, s->swarm_seeds);
        case Peers:
            return swarm_text(s->peers - s->seeds, s->swarm_peers);
        case DownRate:
            return rate_text(s->download_rate);
        case UpRate:
            return rate_text(s->upload_rate);
        case Eta:
            return s->state == TorrentState::downloading ? eta_text(s->eta) : QString();
        case Ratio:
            return QString::number(s->ratio, 'f', 2);
        case Added:
            return date_text(s->added_time);
        case SavePath:
            return QString::fromStdString(s->save_path);
        default:
            return {};
    }
}

QVariant TransferListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    static constexpr std::array<const char*, ColumnCount> kTitles{
        "Name", "Size", "Progress", "Status", "Seeds", "Peers",
        "Down", "Up",   "ETA",      "Ratio",  "Added", "Save path"};
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
        section >= ColumnCount)
        return {};
    return tr(kTitles[static_cast<std::size_t>(section)]);
}

}  // namespace shoal::ui
