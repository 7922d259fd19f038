#include "preferences_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QVBoxLayout>

#include <array>
#include <span>

namespace shoal::ui {
namespace {

struct Page {
    const char* title;
    std::span<const char* const> settings;
};

constexpr std::array kDownloads{"default_save_path", "disk_io"};
constexpr std::array kConnection{"listen_port",  "enable_upnp",         "enable_natpmp",
                                 "encryption",   "connections_limit",   "connections_per_torrent",
                                 "upload_slots", "enable_incoming_utp", "enable_outgoing_utp"};
constexpr std::array kSpeed{"download_rate_limit", "upload_rate_limit", "alt_rate_limits_enabled",
                            "alt_download_rate_limit", "alt_upload_rate_limit"};
constexpr std::array kBitTorrent{
    "enable_dht",          "enable_pex",           "enable_lsd",
    "queueing_enabled",    "max_active_downloads", "max_active_seeds",
    "max_active_torrents", "share_ratio_limit",    "seeding_time_limit"};
const std::array<Page, 4> kPages{{{"Downloads", kDownloads},
                                  {"Connection", kConnection},
                                  {"Speed", kSpeed},
                                  {"BitTorrent", kBitTorrent}}};

QString label_of(const engine::SettingInfo& info) {
    QString text =
        QString::fromUtf8(info.description.data(), static_cast<qsizetype>(info.description.size()));
    if (!text.isEmpty()) text[0] = text[0].toUpper();
    return text + QLatin1Char(':');
}

}  // namespace

PreferencesDialog::PreferencesDialog(engine::Engine& engine, QSettings& app_state, QWidget* parent)
    : QDialog(parent), engine_(engine), app_state_(app_state) {
    setWindowTitle(tr("Shoal preferences"));
    const engine::Settings current = engine_.settings();
    auto* tabs = new QTabWidget;
    for (const auto& page : kPages) {
        auto* widget = new QWidget;
        auto* form = new QFormLayout(widget);
        for (const char* name : page.settings) {
            const auto* info = engine::find_setting(name);
            if (!info) continue;
            const QString value = QString::fromStdString(engine::setting_text(current, *info));
            QWidget* editor = nullptr;
            if (std::holds_alternative<bool engine::Settings::*>(info->member)) {
                auto* box = new QCheckBox(label_of(*info).chopped(1));
                box->setChecked(value == QLatin1String("true"));
                form->addRow(box);
                editor = box;
            } else if (!info->choices.empty()) {
                auto* combo = new QComboBox;
                for (auto c : info->choices)
                    combo->addItem(QString::fromUtf8(c.data(), static_cast<qsizetype>(c.size())));
                combo->setCurrentText(value);
                form->addRow(label_of(*info), combo);
                editor = combo;
            } else {
                auto* line = new QLineEdit(value);
                form->addRow(label_of(*info), line);
                editor = line;
            }
            editor->setObjectName(QString::fromLatin1(name));
            editors_[name] = editor;
        }
        if (std::string_view(page.title) == "Downloads") {
            close_to_tray_ = new QCheckBox(tr("Closing the window keeps Shoal in the tray"));
            close_to_tray_->setChecked(app_state_.value("window/close_to_tray", false).toBool());
            form->addRow(close_to_tray_);
            form->addRow(
                new QLabel(tr("Rates take sizes such as 500K or 10M (bytes per "
                              "second; 0 is unlimited). -1 means no limit.")));
        }
        tabs->addTab(widget, tr(page.title));
    }
    problems_ = new QLabel;
    problems_->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Apply |
                                         QDialogButtonBox::Cancel);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(problems_);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this,
            &PreferencesDialog::apply);
}

QWidget* PreferencesDialog::editor(const std::string& name) const {
    auto it = editors_.find(name);
    return it == editors_.end() ? nullptr : it->second;
}

bool PreferencesDialog::apply() {
    engine::Settings next = engine_.settings();
    QStringList problems;
    for (const auto& [name, widget] : editors_) {
        QString text;
        if (auto* box = qobject_cast<QCheckBox*>(widget))
            text = box->isChecked() ? QStringLiteral("true") : QStringLiteral("false");
        else if (auto* combo = qobject_cast<QComboBox*>(widget))
            text = combo->currentText();
        else if (auto* line = qobject_cast<QLineEdit*>(widget))
            text = line->text().trimmed();
        if (auto r = engine::set_setting(next, name, text.toStdString()); !r)
            problems << QString::fromStdString(r.error().message);
    }
    if (!problems.isEmpty()) {
        problems_->setText(QStringLiteral("<b>%1</b>").arg(problems.join(QStringLiteral("<br>"))));
        return false;
    }
    problems_->clear();
    engine_.apply_settings(next, /*persist=*/true);
    app_state_.setValue("window/close_to_tray", close_to_tray_->isChecked());
    return true;
}

void PreferencesDialog::accept() {
    if (apply()) QDialog::accept();
}

}  // namespace shoal::ui
