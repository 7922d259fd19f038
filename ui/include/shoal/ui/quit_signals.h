// SIGINT and SIGTERM end the desktop app as closing its window does (state saved), not
// abruptly: the signal handler only writes to a pipe that the GUI thread watches.
#pragma once

class QObject;

namespace shoal::ui {

void quit_on_signals(QObject* parent);

}  // namespace shoal::ui
