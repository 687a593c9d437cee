#pragma once

#include "database.h"
#include "importlog.h"

#include "evidencemodel.h"
#include "maildetailview.h"
#include "mailflags.h"
#include "navigationhistory.h"
#include "syncjob.h"

#include <QFutureWatcher>
#include <QMainWindow>
#include <QSqlDatabase>
#include <QStringList>

#include <functional>

#include <memory>
#include <optional>

class DailyVolumeModel;
class QTimer;
class EmptyStateWidget;
class EvidenceModel;
class NamedCountModel;
class OverviewPage;
class SourceRecordModel;
class SourceTreeModel;
class SourcesPage;
class ImportLogModel;
class BounceListModel;
class CampaignModel;
class NavigationHistory;
class CampaignsPage;
class FailureListModel;
class MailListPage;
class ImportLogPage;
class QHeaderView;
class QMenu;
class QLabel;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTemporaryDir;
class ReportListModel;
class ReportsPage;
class ReverseDnsResolver;
class DkimKeyResolver;

// Wires the pages to the models and the import job; holds no logic of its own beyond that.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const QString &databaseLocation, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Imports files or folders in the background; queued if an import is running.
    void importPaths(const QStringList &paths);
    // Imports the bundled sample scenario when the store holds nothing yet.
    void loadSampleIfEmpty();
    // Shows a page by its name in lower case ("overview", "sources", "reports", "bounces",
    // "failures", "log").
    bool showPage(const QString &name);
    // The Sources page with one source selected (from a linked row of a bounce).
    void goToSource(const QString &ip);
    // The Bounces or Failure reports page with one notice selected (from a source's evidence).
    void goToMail(qint64 mailRef, const QString &kind);
    // Browser-like history of pages and selections (Alt+Left / Alt+Right).
    void goBack();
    // Domain > Check DNS: the policy domain's records, judged.
    void checkDns();
    // Mailbox > Connect: the dialog, then a sync (watching when the account says so).
    void connectMailbox();
    void startSync(const ImapAccount &account, const ImapSync::Credentials &credentials);
    void stopSyncs();
    void goForward();
    NavigationHistory *history() const { return m_history; }

Q_SIGNALS:
    // Every page has its data (emitted after each reload's last background query).
    void pagesLoaded();
    void linksUpdated(qint64 links); // -1 on a database error

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void createStatusBar();
    void createMailboxMenu();
    void hideProgress(); // the status bar's progress bar and Cancel
    void resumeWatchedAccounts();
    void syncRemembered(const ImapAccount &account, bool quiet);
    void onSyncProgress(const ImapSync::Progress &progress);
    void onSyncEntry(const ImportLogEntry &entry);
    void onSyncFinished(SyncJob *job, const SyncJob::Result &result);
    void updateMailboxStatus();
    void openFiles();
    void openFolder();
    void loadSample();
    void startNextImport();
    void onImportResult(int index);
    void onImportFinished();
    void reload();
    void showReportXml(qint64 id);
    void reloadSources();
    // Reverse DNS for sources without a cached name, in the background; pages reload after.
    void lookUpSourceNames();
    void onSourceNamesResolved();
    // DKIM keys of never-passing selectors in the own domains' name (forged or not).
    void lookUpDkimKeys();
    void onDkimKeysResolved();
    // Links bounces and failure reports to report rows again, in the background; pages reload.
    void recomputeLinks();
    // The page and selection shown now, and going back to one.
    NavigationHistory::Place currentPlace() const;
    void restorePlace(const NavigationHistory::Place &place);
    void selectSource(const QString &ip);
    // A notice's detail: its fields, hops (those of linked sources marked), headers and links.
    MailDetailView::Content detailContent(
        const MailDescription::Fields &fields, const OriginalMessage &original, qint64 mailRef);
    // Runs `query` on a pool thread and hands its result to `apply` here, unless a newer
    // reload() started meanwhile.
    template<typename T>
    void loadInBackground(
        std::function<T(QSqlDatabase)> query, std::function<void(const T &)> apply);
    // Runs a pane's `query` on a pool thread and hands its result to `apply`, unless the pane
    // asked for something newer meanwhile (`*request` counts its requests).
    template<typename T>
    void loadPane(
        int *request, std::function<T(QSqlDatabase)> query, std::function<void(const T &)> apply);
    void showSource(const QString &ip);
    // The evidence tab of the source: the newest `limit` linked notices (< 0: all).
    void showSourceEvidence(const QString &ip, int limit);
    void showSourceEvidence(const QString &ip, const Evidence &evidence);
    // The store's mail warnings for the evidence panes, read again after each reload.
    const MailFlags &mailFlags();
    void exportChart();
    void exportTable();
    void newDatabase();
    void openDatabase();
    void switchDatabase(const QString &location);
    void rememberDatabase(const QString &location);
    void updateRecentMenu();
    void rememberInputs(const QStringList &paths);
    void updateRecentInputsMenu();
    bool storeIsEmpty();
    // The views whose column widths and order are remembered, by settings key.
    QList<QPair<QString, QHeaderView *>> headers() const;

    std::unique_ptr<Database> m_database;
    ReportListModel *m_reportModel;
    DailyVolumeModel *m_dailyModel;
    NamedCountModel *m_reporterModel;
    NamedCountModel *m_categoryModel;
    SourceTreeModel *m_sourceModel;
    SourceRecordModel *m_sourceRecordModel;
    DailyVolumeModel *m_sourceDailyModel;
    ImportLogModel *m_logModel;
    QStackedWidget *m_stack;
    EmptyStateWidget *m_emptyState;
    QTabWidget *m_tabs;
    OverviewPage *m_overviewPage;
    EvidenceModel *m_evidenceModel;
    SourcesPage *m_sourcesPage;
    QString m_shownSource; // the source the Sources page shows, with its evidence
    std::optional<MailFlags> m_mailFlags;
    int m_sourceEvidenceRequest = 0;
    int m_reportEvidenceRequest = 0;
    EvidenceModel *m_reportEvidenceModel;
    ReportsPage *m_reportsPage;
    BounceListModel *m_bounceModel;
    FailureListModel *m_failureModel;
    MailListPage *m_bouncesPage;
    MailListPage *m_failuresPage;
    CampaignModel *m_campaignModel;
    CampaignsPage *m_campaignsPage;
    NavigationHistory *m_history;
    bool m_restoringPlace = false;
    ImportLogPage *m_logPage;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_recentInputsMenu = nullptr;
    QLabel *m_statusText;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QFutureWatcher<ImportLogEntry> m_watcher;
    QList<QStringList> m_pendingImports;
    std::unique_ptr<QTemporaryDir> m_sampleDir;
    QList<SyncJob *> m_syncs;
    bool m_findingPendingNames = false;
    bool m_namesChanged = false; // reverse DNS brought names since the links were computed
    QLabel *m_mailboxLabel = nullptr;
    QTimer *m_syncReload = nullptr; // coalesces reloads while a sync stores messages
    int m_generation = 0;
    int m_sourceGeneration = 0;
    int m_loading = 0;
    QLabel *m_loadingLabel = nullptr;
    ReverseDnsResolver *m_resolver;
    DkimKeyResolver *m_keyResolver;
    QLabel *m_dnsLabel = nullptr;
    int m_imported = 0;
    int m_mails = 0; // bounces and failure reports newly stored by the running import
    int m_duplicates = 0;
    int m_rejected = 0;
};
