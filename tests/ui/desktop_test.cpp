// The desktop app driven through its real widgets on the offscreen platform, with real
// engines on 127.0.0.1: adding through the add dialog (a row appears; an unchecked file is
// never written), the second-launch handoff, the create dialog, preferences, the ledger.
#include "add_torrent_dialog.h"
#include "create_torrent_dialog.h"
#include "file_tree_model.h"
#include "ledger_window.h"
#include "preferences_dialog.h"
#include "process.h"
#include "swarm.h"
#include "test_engine.h"

#include <shoal/ledger/ledger.h>
#include <shoal/ui/desktop_app.h>
#include <shoal/ui/main_window.h>
#include <shoal/ui/single_instance.h>
#include <shoal/ui/transfer_list_model.h>

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace shoal::ui {
namespace {

using namespace std::chrono_literals;
using test::Sandbox;

std::unique_ptr<DesktopApp> open_app(const Sandbox& box, const std::string& save_dir = "get") {
    auto settings = std::make_shared<engine::Settings>(test::loopback_settings());
    settings->default_save_path = box.path(save_dir).string();
    auto app = DesktopApp::open({box.path("profile"), settings, true});
    EXPECT_TRUE(app) << app.error().message;
    return app ? std::move(*app) : nullptr;
}

// The index of the file or folder called `name` in a file tree.
QModelIndex find_name(const QAbstractItemModel& m, const QString& name,
                      const QModelIndex& at = {}) {
    for (int r = 0; r < m.rowCount(at); ++r) {
        const QModelIndex i = m.index(r, 0, at);
        if (i.data().toString() == name) return i;
        if (auto found = find_name(m, name, i); found.isValid()) return found;
    }
    return {};
}

TEST(Desktop, AddThroughTheDialogShowsTheRowAndSkipsAnUncheckedFile) {
    Sandbox box;
    auto t = test::make_test_torrent(box.path("seed"), "payload", test::standard_files(),
                                     hashing::TorrentFormat::hybrid);
    test::TestEngine seed(box.path("seed-profile"));
    ASSERT_TRUE(seed.add_complete(test::add_metainfo(t, box.path("seed"))));
    auto app = open_app(box);
    ASSERT_TRUE(app);
    auto& window = app->window();
    window.show();
    EXPECT_TRUE(window.windowTitle().startsWith("Shoal"));

    auto* dialog = qobject_cast<AddTorrentDialog*>(
        window.open_source(QString::fromStdString(t.torrent_file.string())));
    ASSERT_TRUE(dialog);
    ASSERT_TRUE(QTest::qWaitFor([&] { return dialog->has_metadata(); }, 10000))
        << dialog->status().text().toStdString();
    QAbstractItemModelTester tester(&dialog->files(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    const QModelIndex c_txt = find_name(dialog->files(), "c.txt");
    ASSERT_TRUE(c_txt.isValid());
    ASSERT_TRUE(dialog->files().setData(c_txt, Qt::Unchecked, Qt::CheckStateRole));
    EXPECT_EQ(dialog->save_path().text().toStdString(), box.path("get").string());
    QSignalSpy added(dialog, &AddTorrentDialog::added);
    dialog->accept();
    ASSERT_TRUE(added.wait(10000));
    const auto id = *engine::TorrentId::parse(added[0][0].toString().toStdString());

    auto& model = window.transfers();
    ASSERT_TRUE(QTest::qWaitFor([&] { return model.rowCount() == 1; }, 10000));
    EXPECT_EQ(model.data(model.index(0, TransferListModel::Name)).toString(), "payload");

    app->engine().connect_peer(id, seed.endpoint());
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const auto* s = model.snapshot(0);
            return s && s->wanted_size > 0 && s->wanted_done == s->wanted_size;
        },
        30000));
    EXPECT_TRUE(test::same_contents(box.path("seed/payload/a.bin"), box.path("get/payload/a.bin")));
    EXPECT_TRUE(
        test::same_contents(box.path("seed/payload/dir/b.bin"), box.path("get/payload/dir/b.bin")));
    EXPECT_FALSE(std::filesystem::exists(box.path("get/payload/c.txt")));
    app->shutdown();
}

TEST(Desktop, ASecondLaunchHandsItsMagnetToTheRunningInstanceAndExits) {
    Sandbox box;
    const auto profile = box.path("profile");
    SingleInstance running(profile);
    ASSERT_TRUE(running.listen());
    QSignalSpy received(&running, &SingleInstance::received);

    const QString magnet =
        QStringLiteral("magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=x");
    QProcess second;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    second.setProcessEnvironment(env);
    second.start(QString::fromStdString(SHOAL_QT_BIN),
                 {"--profile", QString::fromStdString(profile.string()), magnet});
    ASSERT_TRUE(QTest::qWaitFor([&] { return second.state() == QProcess::NotRunning; }, 10000))
        << "the second launch did not exit";
    EXPECT_EQ(second.exitCode(), 0) << second.readAllStandardError().toStdString();
    ASSERT_EQ(received.count(), 1);
    EXPECT_EQ(received[0][0].toStringList(), QStringList{magnet});
    // It started no engine of its own: the profile was never locked or written.
    EXPECT_FALSE(std::filesystem::exists(profile / "settings.json"));
}

TEST(Desktop, TheCreateDialogMakesATorrentThatShoalInfoReads) {
    Sandbox box;
    test::write_payload_dir(box.path("share/album"), {{"a.flac", 300000}, {"b.flac", 70000}}, 9);
    auto app = open_app(box);
    ASSERT_TRUE(app);
    int recorded = 0;
    std::string root;
    CreateTorrentDialog dialog(app->engine(), [&](const hashing::CreatedTorrent& t) {
        ++recorded;
        root = t.files.front().pieces_root;
    });
    dialog.set_offer_seeding(false);
    dialog.set_source(QString::fromStdString(box.path("share/album").string()));
    dialog.set_output(QString::fromStdString(box.path("album.torrent").string()));
    dialog.set_format(hashing::TorrentFormat::hybrid);
    QSignalSpy created(&dialog, &CreateTorrentDialog::created);
    dialog.start();
    ASSERT_TRUE(created.wait(30000));
    EXPECT_EQ(recorded, 1);
    EXPECT_EQ(root.size(), 64u);

    auto info =
        test::run({test::shoal_bin(), "info", "--json", box.path("album.torrent").string()});
    ASSERT_EQ(info.exit_code, 0) << info.err;
    const auto j = nlohmann::json::parse(info.out);
    EXPECT_EQ(j["name"], "album");
    EXPECT_EQ(j["files"].size(), 2u);
    EXPECT_EQ(j["info_hash_v2"].get<std::string>().size(), 64u);
    EXPECT_EQ(j["files"][0]["pieces_root"], root);
    app->shutdown();
}

TEST(Desktop, PreferencesApplyLiveAndPersistAndRefuseBadValues) {
    Sandbox box;
    auto app = open_app(box);
    ASSERT_TRUE(app);
    QSettings state(QString::fromStdString(box.path("ui.ini").string()), QSettings::IniFormat);
    PreferencesDialog prefs(app->engine(), state);
    auto* rate = qobject_cast<QLineEdit*>(prefs.editor("upload_rate_limit"));
    ASSERT_TRUE(rate);
    rate->setText("abc");
    EXPECT_FALSE(prefs.apply());
    EXPECT_TRUE(prefs.problems().text().contains("upload_rate_limit"))
        << prefs.problems().text().toStdString();
    rate->setText("500K");
    ASSERT_TRUE(prefs.apply());
    EXPECT_TRUE(QTest::qWaitFor(
        [&] { return app->engine().settings().upload_rate_limit == 500 * 1024; }, 5000));
    app->shutdown();
    const std::string saved = test::read_all(box.path("profile/settings.json"));
    EXPECT_NE(saved.find("\"upload_rate_limit\": 512000"), std::string::npos) << saved;
}

TEST(Desktop, TheLedgerWindowListsEntriesAndVerifies) {
    Sandbox box;
    {
        auto l = ledger::Ledger::open(box.path("ledger"), ledger::OpenMode::read_write);
        ASSERT_TRUE(l);
        std::vector<ledger::LedgerEntry> entries(3);
        for (int i = 0; i < 3; ++i) {
            entries[static_cast<std::size_t>(i)].name = "torrent " + std::to_string(i);
            entries[static_cast<std::size_t>(i)].info_hash_v1 =
                std::string(40, 'a' + static_cast<char>(i));
        }
        ASSERT_TRUE((*l)->append(entries));
    }
    LedgerWindow window(box.path("ledger"));
    QSignalSpy loaded(&window, &LedgerWindow::loaded);
    ASSERT_TRUE(loaded.wait(10000));
    EXPECT_EQ(window.entries().rowCount(), 3);
    QSignalSpy verified(&window, &LedgerWindow::verified);
    window.verify();
    ASSERT_TRUE(verified.wait(10000));
    EXPECT_TRUE(verified[0][0].toBool());
    EXPECT_TRUE(window.verify_result().text().contains("ok: 3 entries"));
}

TEST(FileTree, FoldersCheckTheirFilesAndShowMixedStates) {
    FileTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.set_files({{0, "t/a.bin", 10}, {1, "t/sub/b.bin", 20}, {2, "t/sub/c.bin", 30}});
    QSignalSpy changed(&model, &FileTreeModel::priorities_changed);
    const QModelIndex sub = find_name(model, "sub");
    ASSERT_TRUE(sub.isValid());
    model.setData(sub, Qt::Unchecked, Qt::CheckStateRole);
    ASSERT_EQ(changed.count(), 1);
    EXPECT_EQ(model.selected(), std::vector<int>{0});
    EXPECT_EQ(model.selected_size(), 10);
    const QModelIndex top = find_name(model, "t");
    EXPECT_EQ(top.data(Qt::CheckStateRole).toInt(), Qt::PartiallyChecked);
    EXPECT_EQ(model.index(0, FileTreeModel::Size, top.parent()).data().toString(), "60 B");
}

}  // namespace
}  // namespace shoal::ui
