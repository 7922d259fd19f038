// TransferListModel: the transfer list as a Qt table model, one row per torrent, kept up
// to date from the engine's batched deltas. Added torrents are inserted as one block at
// the end, removed ones as contiguous blocks, and a change repaints only the rows and the
// columns of the field groups that moved (one range when most rows moved). Sorting and
// filtering live in TransferFilterModel on top of it.
#pragma once

// moc (Qt 6.4) cannot parse C++20 standard headers such as <compare>; it needs no
// definitions from these.
#ifndef Q_MOC_RUN
#include <shoal/engine/torrent_snapshot.h>
#endif

#include <QAbstractTableModel>

#include <optional>
#include <unordered_map>
#include <vector>

namespace shoal::ui {

class TransferListModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column {
        Name,
        Size,
        Progress,
        State,
        Seeds,
        Peers,
        DownRate,
        UpRate,
        Eta,
        Ratio,
        Added,
        SavePath,
        ColumnCount
    };
    enum Role {
        StateGroupRole = Qt::UserRole + 1,  // the StateGroup bits of the row
        IdRole,                             // the torrent id (hex)
    };
    // The side panel's filters; a torrent belongs to several (seeding and active, say).
    enum StateGroup : unsigned {
        Downloading = 1u << 0,
        Seeding = 1u << 1,
        Completed = 1u << 2,
        Paused = 1u << 3,
        Active = 1u << 4,  // moving bytes now
        Errored = 1u << 5,
    };

    explicit TransferListModel(QObject* parent = nullptr);

    void apply(const engine::TorrentUpdate& update);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const engine::TorrentSnapshot* snapshot(int row) const;
    std::optional<int> row_of(const engine::TorrentId& id) const;

    static unsigned state_groups(const engine::TorrentSnapshot& s);

  signals:
    // After all the row signals of one apply(): a proxy re-sorts once per update here.
    void applied();

  public:
    // Whether `a` sorts before `b` by `column`: straight from the values, no QVariant.
    static bool less(const engine::TorrentSnapshot& a, const engine::TorrentSnapshot& b,
                     int column);

  private:
    void remove_rows(const std::vector<engine::TorrentId>& ids);
    void insert_rows(const std::vector<engine::TorrentSnapshot>& added);
    void change_rows(const std::vector<engine::ChangedTorrent>& changed);

    std::vector<engine::TorrentSnapshot> rows_;
    std::unordered_map<engine::TorrentId, int> index_;
};

}  // namespace shoal::ui
