// StatePanel: the side panel's state filters (all, downloading, seeding, completed, paused,
// active, errored) with how many torrents each has (internal).
#pragma once

#include <QListWidget>

namespace shoal::ui {

class TransferListModel;

class StatePanel : public QListWidget {
    Q_OBJECT
  public:
    explicit StatePanel(QWidget* parent = nullptr);
    // Recounts from the model (a pass over its rows: cheap even for 10,000).
    void recount(const TransferListModel& model);

  signals:
    void filter_chosen(unsigned groups);  // 0: all
};

}  // namespace shoal::ui
