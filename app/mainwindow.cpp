#include "mainwindow.h"

#include "backgroundquery.h"
#include "bouncelistmodel.h"
#include "campaigns.h"
#include "campaignspage.h"
#include "chartview.h"
#include "checkdnsdialog.h"
#include "dailyvolumemodel.h"
#include "dashboarddata.h"
#include "dkimkeys.h"
#include "dnsposture.h"
#include "emptystatewidget.h"
#include "evidencemodel.h"
#include "failurelistmodel.h"
#include "importjob.h"
#include "importlogmodel.h"
#include "importlogpage.h"
#include "itemroles.h"
#include "linkstore.h"
#include "maillistpage.h"
#include "mailrecords.h"
#include "namedcountmodel.h"
#include "overviewpage.h"
#include "reportlistmodel.h"
#include "reportspage.h"
#include "reportstore.h"
#include "reversedns.h"
#include "settingsdialog.h"
#include "sourcerecordmodel.h"
#include "sourcespage.h"
#include "sourcetreemodel.h"
#include "tableview.h"
#include "viewactions.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDirIterator>
#include <QFileDialog>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSettings>
#include <QSplitter>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>

// Outside any namespace, as Q_INIT_RESOURCE requires.
static void initResources()
{
    Q_INIT_RESOURCE(dmarcscope);
}

MainWindow::MainWindow(const QString &databaseLocation, QWidget *parent)
    : QMainWindow(parent)
    , m_database(std::make_unique<Database>(databaseLocation))
    , m_reportModel(new ReportListModel(this))
    , m_dailyModel(new DailyVolumeModel(this))
    , m_reporterModel(new NamedCountModel(tr("Reporter"), this))
    , m_categoryModel(new NamedCountModel(tr("Category"), this))
    , m_sourceModel(new SourceTreeModel(this))
    , m_sourceRecordModel(new SourceRecordModel(this))
    , m_sourceDailyModel(new DailyVolumeModel(this))
    , m_logModel(new ImportLogModel(this))
    , m_stack(new QStackedWidget(this))
    , m_emptyState(new EmptyStateWidget(this))
    , m_tabs(new QTabWidget(this))
    , m_overviewPage(new OverviewPage({ m_dailyModel, m_reporterModel, m_categoryModel }, this))
    , m_evidenceModel(new EvidenceModel(this))
    , m_sourcesPage(new SourcesPage(
          m_sourceModel, m_sourceRecordModel, m_sourceDailyModel, m_evidenceModel, this))
    , m_reportEvidenceModel(new EvidenceModel(this))
    , m_reportsPage(new ReportsPage(m_reportModel, m_reportEvidenceModel, this))
    , m_bounceModel(new BounceListModel(this))
    , m_failureModel(new FailureListModel(this))
    , m_bouncesPage(new MailListPage(
          m_bounceModel,
          { tr("Filter by recipient, sender, subject, host, IP or DKIM domain (Ctrl+F)"),
              tr("All reasons"),
              tr("No bounces yet. Bounces arrive in the mailbox of the addresses spammers forge: "
                 "import it as mbox, Maildir or .eml files (File > Open)."),
              QStringLiteral("bounces") },
          [this](int row) {
              const StoredBounce &bounce = m_bounceModel->rows().at(row);
              return detailContent(
                  MailDescription::fields(bounce), bounce.bounce.original, bounce.mailRef);
          },
          this))
    , m_failuresPage(new MailListPage(
          m_failureModel,
          { tr("Filter by source IP, reporter, domain, sender or subject (Ctrl+F)"),
              tr("All failures"),
              tr("No failure reports yet. They arrive at the ruf= address of your DMARC record: "
                 "import that mailbox as mbox, Maildir or .eml files (File > Open)."),
              QStringLiteral("failure-reports") },
          [this](int row) {
              const StoredFailure &failure = m_failureModel->rows().at(row);
              return detailContent(
                  MailDescription::fields(failure), failure.failure.original, failure.mailRef);
          },
          this))
    , m_campaignModel(new CampaignModel(this))
    , m_campaignsPage(new CampaignsPage(
          m_campaignModel,
          [this](const QString &ip) -> QString {
              const SourceStats *stats = m_sourceModel->source(ip);
              if (!stats)
                  return QString();
              return (stats->ptr.isEmpty() ? tr("no reverse DNS") : stats->ptr)
                  + QLatin1String(", ") + stats->category + QLatin1String(": ")
                  + stats->categoryReason;
          },
          this))
    , m_history(new NavigationHistory(this))
    , m_logPage(new ImportLogPage(m_logModel, this))
    , m_resolver(new ReverseDnsResolver(this))
    , m_keyResolver(new DkimKeyResolver(this))
{

    initResources();
    setAcceptDrops(true);
    m_tabs->setDocumentMode(true);
    auto icon = [](const char *name) {
        return QIcon(QLatin1String(":/icons/") + QLatin1String(name) + QLatin1String(".svg"));
    };
    m_tabs->addTab(m_overviewPage, icon("overview"), tr("&Overview"));
    m_tabs->addTab(m_sourcesPage, icon("sources"), tr("&Sources"));
    m_tabs->addTab(m_reportsPage, icon("reports"), tr("&Reports"));
    m_bouncesPage->setObjectName(QStringLiteral("bouncesPage"));
    m_failuresPage->setObjectName(QStringLiteral("failuresPage"));
    m_tabs->addTab(m_bouncesPage, icon("bounces"), tr("&Bounces"));
    m_tabs->addTab(m_failuresPage, icon("failures"), tr("&Failure reports"));
    m_tabs->addTab(m_campaignsPage, icon("campaigns"), tr("&Campaigns"));
    m_tabs->addTab(m_logPage, icon("log"), tr("Import &log"));
    m_stack->addWidget(m_emptyState);
    m_stack->addWidget(m_tabs);
    setCentralWidget(m_stack);

    createMenus();
    createStatusBar();
    createMailboxMenu();

    connect(m_emptyState, &EmptyStateWidget::openFilesRequested, this, &MainWindow::openFiles);
    connect(m_emptyState, &EmptyStateWidget::openFolderRequested, this, &MainWindow::openFolder);
    connect(m_emptyState, &EmptyStateWidget::sampleRequested, this, &MainWindow::loadSample);
    connect(m_reportsPage, &ReportsPage::currentReportChanged, this, &MainWindow::showReportXml);
    connect(m_sourcesPage, &SourcesPage::filterChanged, this, &MainWindow::reloadSources);
    connect(m_sourcesPage, &SourcesPage::sourceSelected, this, &MainWindow::showSource);
    connect(m_sourcesPage, &SourcesPage::allEvidenceRequested, this,
        [this] { showSourceEvidence(m_shownSource, -1); });
    // History: a new page is a new place; a new selection on a page updates the current one.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (!m_restoringPlace)
            m_history->visit(currentPlace());
    });
    auto selectionMoved = [this] {
        if (!m_restoringPlace)
            m_history->replace(currentPlace());
    };
    connect(m_sourcesPage, &SourcesPage::sourceSelected, this, selectionMoved);
    for (MailListPage *page : { m_bouncesPage, m_failuresPage })
        connect(page->table()->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            selectionMoved);
    // From a source's evidence to the bounce or failure report, and back.
    connect(m_sourcesPage, &SourcesPage::mailActivated, this, &MainWindow::goToMail);
    connect(m_reportsPage, &ReportsPage::mailActivated, this, &MainWindow::goToMail);
    connect(m_campaignsPage, &CampaignsPage::sourceActivated, this, &MainWindow::goToSource);
    connect(
        m_sourceModel, &QAbstractItemModel::modelReset, m_campaignsPage, &CampaignsPage::refresh);
    for (MailListPage *page : { m_bouncesPage, m_failuresPage })
        connect(page->detail(), &MailDetailView::sourceActivated, this, &MainWindow::goToSource);
    connect(&m_watcher, &QFutureWatcher<ImportLogEntry>::resultReadyAt, this,
        &MainWindow::onImportResult);
    connect(
        &m_watcher, &QFutureWatcher<ImportLogEntry>::finished, this, &MainWindow::onImportFinished);
    connect(&m_watcher, &QFutureWatcher<ImportLogEntry>::progressRangeChanged, m_progress,
        &QProgressBar::setRange);
    connect(&m_watcher, &QFutureWatcher<ImportLogEntry>::progressValueChanged, m_progress,
        &QProgressBar::setValue);
    connect(&m_watcher, &QFutureWatcher<ImportLogEntry>::progressTextChanged, m_statusText,
        &QLabel::setText);

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1100, 700);
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("window/page"), 0).toInt());
    const auto splitters = findChildren<QSplitter *>();
    for (QSplitter *splitter : splitters)
        if (!splitter->objectName().isEmpty())
            splitter->restoreState(
                settings.value(QLatin1String("splitters/") + splitter->objectName()).toByteArray());
    rememberDatabase(databaseLocation);
    connect(m_resolver, &ReverseDnsResolver::finished, this, &MainWindow::onSourceNamesResolved);
    connect(m_keyResolver, &DkimKeyResolver::finished, this, &MainWindow::onDkimKeysResolved);
    reload();
    lookUpSourceNames();
    // Reading the keyring waits on D-Bus: after the window is shown, not before.
    QTimer::singleShot(0, this, &MainWindow::resumeWatchedAccounts);
}

MainWindow::~MainWindow()
{
    stopSyncs();
    qDeleteAll(m_syncs); // each waits for its thread
    m_pendingImports.clear();
    m_watcher.cancel();
    m_watcher.waitForFinished();
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *settingsAction = file->addAction(tr("Se&ttings…"), this, [this] {
        SettingsDialog dialog(this);
        if (dialog.exec() == QDialog::Accepted) {
            // Organisations change categories and groups; a name server may answer now.
            reload();
            lookUpSourceNames();
        }
    });
    settingsAction->setShortcut(QKeySequence::Preferences);
    settingsAction->setMenuRole(QAction::PreferencesRole);
    QMenu *domainMenu = menuBar()->addMenu(tr("&Domain"));
    domainMenu->addAction(tr("Check &DNS…"), this, &MainWindow::checkDns);
    QMenu *go = menuBar()->addMenu(tr("&Go"));
    QAction *back = go->addAction(tr("&Back"), this, &MainWindow::goBack);
    back->setShortcut(QKeySequence::Back);
    QAction *forward = go->addAction(tr("&Forward"), this, &MainWindow::goForward);
    forward->setShortcut(QKeySequence::Forward);
    auto updateGo = [this, back, forward] {
        back->setEnabled(m_history->canGoBack());
        forward->setEnabled(m_history->canGoForward());
    };
    connect(m_history, &NavigationHistory::changed, this, updateGo);
    updateGo();
    QAction *open = file->addAction(tr("&Open Reports…"), this, &MainWindow::openFiles);
    open->setShortcut(QKeySequence::Open);
    open->setIcon(QIcon(QStringLiteral(":/icons/open.svg")));
    QAction *folder = file->addAction(tr("Open &Folder…"), this, &MainWindow::openFolder);
    folder->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    folder->setIcon(QIcon(QStringLiteral(":/icons/folder.svg")));
    m_recentInputsMenu = file->addMenu(tr("Open &Recent"));
    updateRecentInputsMenu();
    file->addAction(tr("Load &Sample Scenario"), this, &MainWindow::loadSample);
    file->addSeparator();
    QAction *exportChart = file->addAction(tr("&Export Chart…"), this, &MainWindow::exportChart);
    exportChart->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    exportChart->setIcon(QIcon(QStringLiteral(":/icons/export.svg")));
    QAction *exportTable
        = file->addAction(tr("Export &Table to CSV…"), this, &MainWindow::exportTable);
    exportTable->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    file->addSeparator();
    file->addAction(tr("&New Database…"), this, &MainWindow::newDatabase);
    file->addAction(tr("Open &Database…"), this, &MainWindow::openDatabase);
    m_recentMenu = file->addMenu(tr("&Recent Databases"));
    updateRecentMenu();
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
}

void MainWindow::createStatusBar()
{
    m_statusText = new QLabel(this);
    m_statusText->setObjectName(QStringLiteral("statusText"));
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(false);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setToolTip(tr("Stop after the file or message being read (Esc)"));
    m_cancel->setShortcut(Qt::Key_Escape);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_pendingImports.clear();
        m_watcher.cancel();
        stopSyncs();
        m_statusText->setText(tr("Cancelling…"));
    });
    m_loadingLabel = new QLabel(tr("Loading\u2026"), this);
    m_loadingLabel->hide();
    m_dnsLabel = new QLabel(this);
    m_dnsLabel->hide();
    statusBar()->addPermanentWidget(m_dnsLabel);
    statusBar()->addWidget(m_statusText, 1);
    statusBar()->addPermanentWidget(m_loadingLabel);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    m_progress->hide();
    m_cancel->hide();
}

void MainWindow::openFiles()
{
    QSettings settings;
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Open DMARC Reports"),
        settings.value(QStringLiteral("import/lastDir")).toString(),
        tr("DMARC reports and mail (*.xml *.gz *.zip *.eml *.mbox);;All files (*)"));
    if (files.isEmpty())
        return;
    settings.setValue(QStringLiteral("import/lastDir"), QFileInfo(files.first()).absolutePath());
    importPaths(files);
}

void MainWindow::openFolder()
{
    QSettings settings;
    const QString dir
        = QFileDialog::getExistingDirectory(this, tr("Open a Folder of DMARC Reports"),
            settings.value(QStringLiteral("import/lastDir")).toString());
    if (dir.isEmpty())
        return;
    settings.setValue(QStringLiteral("import/lastDir"), dir);
    importPaths({ dir });
}

void MainWindow::loadSample()
{
    // Qt resources are not files the importer can walk: copy them to a private folder first.
    // The sample is the incident's twelve reports and its mailbox (report mails, bounces,
    // failure reports, auto-replies and noise).
    m_sampleDir = std::make_unique<QTemporaryDir>();
    QStringList files;
    QDirIterator it(QStringLiteral(":/sample"), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString resource = it.next();
        if (resource.endsWith(QLatin1String(".json")))
            continue; // the scenario's ground truth, for tests
        const QString target = m_sampleDir->filePath(QFileInfo(resource).fileName());
        if (QFile::copy(resource, target))
            files.append(target);
    }
    importPaths({ m_sampleDir->path() });
}

void MainWindow::loadSampleIfEmpty()
{
    if (storeIsEmpty())
        loadSample();
}

void MainWindow::importPaths(const QStringList &paths)
{
    rememberInputs(paths);
    m_pendingImports.append(paths);
    if (!m_watcher.isRunning())
        startNextImport();
}

void MainWindow::startNextImport()
{
    if (m_pendingImports.isEmpty())
        return;
    m_imported = m_mails = m_duplicates = m_rejected = 0;
    m_progress->setRange(0, 0);
    m_progress->show();
    m_cancel->show();
    m_statusText->setText(tr("Importing…"));
    m_watcher.setFuture(ImportJob::start(m_database->location(), m_pendingImports.takeFirst()));
}

void MainWindow::onImportResult(int index)
{
    const ImportLogEntry entry = m_watcher.resultAt(index);
    m_imported += entry.reports;
    m_mails += entry.mails;
    m_duplicates += entry.duplicates;
    m_rejected += entry.outcome == ImportLogEntry::Outcome::Rejected ? 1 : 0;
    m_logModel->prepend(entry);
}

void MainWindow::hideProgress()
{
    m_progress->hide();
    m_cancel->hide();
}

void MainWindow::onImportFinished()
{
    hideProgress();
    QString text
        = m_imported == 1 ? tr("1 report imported") : tr("%1 reports imported").arg(m_imported);
    if (m_mails)
        text += m_mails == 1 ? tr(", 1 bounce or failure report")
                             : tr(", %1 bounces and failure reports").arg(m_mails);
    if (m_duplicates)
        text += tr(", %1 already known").arg(m_duplicates);
    if (m_rejected)
        text += m_rejected == 1 ? tr(", 1 input rejected: see the import log")
                                : tr(", %1 inputs rejected: see the import log").arg(m_rejected);
    if (m_watcher.isCanceled())
        text += tr(" (cancelled)");
    m_statusText->setText(text);
    reload();
    if (m_rejected && m_stack->currentWidget() == m_tabs && m_imported == 0 && m_mails == 0)
        m_tabs->setCurrentIndex(m_tabs->count() - 1);
    startNextImport();
    lookUpSourceNames();
}

void MainWindow::reload()
{
    QSqlDatabase db = m_database->connection();
    if (!db.isOpen()) {
        m_statusText->setText(m_database->errorString());
        return;
    }
    // Pages fill in stages as their queries finish; results of an older reload are dropped.
    ++m_generation;
    m_mailFlags.reset(); // the store changed: read again when a pane needs them
    m_stack->setCurrentWidget(storeIsEmpty() ? static_cast<QWidget *>(m_emptyState) : m_tabs);

    loadInBackground<DashboardData>([](QSqlDatabase db) { return DashboardData::load(db); },
        [this](const DashboardData &dashboard) {
            m_dailyModel->setDays(dashboard.daily);
            m_reporterModel->setCounts(dashboard.byReporter);
            m_categoryModel->setCounts(dashboard.byCategory);
            m_overviewPage->setData(dashboard);
            QStringList domains;
            for (const DomainPolicy &domain : dashboard.domains)
                domains.append(domain.domain);
            m_sourcesPage->setDomains(domains);
            if (!dashboard.daily.isEmpty())
                m_sourcesPage->setDataRange(
                    dashboard.daily.first().day, dashboard.daily.last().day);
        });
    loadInBackground<QList<ReportListModel::Row>>(
        [](QSqlDatabase db) { return ReportListModel::load(db); },
        [this](const QList<ReportListModel::Row> &rows) { m_reportModel->setRows(rows); });
    loadInBackground<QList<StoredBounce>>(
        [](QSqlDatabase db) { return MailRecords::loadBounces(db); },
        [this](const QList<StoredBounce> &rows) { m_bounceModel->setRows(rows); });
    loadInBackground<QList<StoredFailure>>(
        [](QSqlDatabase db) { return MailRecords::loadFailures(db); },
        [this](const QList<StoredFailure> &rows) { m_failureModel->setRows(rows); });
    loadInBackground<QList<Campaign>>([](QSqlDatabase db) { return Campaigns::load(db); },
        [this](const QList<Campaign> &rows) { m_campaignModel->setRows(rows); });
    loadInBackground<QList<ImportLogEntry>>(
        [](QSqlDatabase db) { return ImportLogModel::load(db); },
        [this](const QList<ImportLogEntry> &entries) { m_logModel->setEntries(entries); });
    reloadSources();
}

template<typename T>
void MainWindow::loadInBackground(
    std::function<T(QSqlDatabase)> query, std::function<void(const T &)> apply)
{
    const int generation = m_generation;
    ++m_loading;
    m_loadingLabel->show();
    BackgroundQuery::run<T>(
        m_database->location(), std::move(query), this, [this, generation, apply](const T &result) {
            if (generation == m_generation)
                apply(result);
            if (--m_loading == 0) {
                m_loadingLabel->hide();
                Q_EMIT pagesLoaded();
            }
        });
}

void MainWindow::showReportXml(qint64 id)
{
    if (id == 0) {
        m_reportsPage->showRawXml({});
        ++m_reportEvidenceRequest; // a load still running is for another report
        m_reportEvidenceModel->setRows({});
        m_reportsPage->setEvidenceCount(0, 0);
        return;
    }
    ReportStore store(m_database->connection());
    m_reportsPage->showRawXml(QString::fromUtf8(store.rawXml(id)));
    const Evidence evidence
        = EvidenceModel::loadForReport(m_database->connection(), id, mailFlags());
    m_reportEvidenceModel->setRows(evidence.rows);
    m_reportsPage->setEvidenceCount(evidence.rows.size(), evidence.notices);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList paths;
    const auto urls = event->mimeData()->urls();
    for (const QUrl &url : urls)
        if (url.isLocalFile())
            paths.append(url.toLocalFile());
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    importPaths(paths);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    const auto splitters = findChildren<QSplitter *>();
    for (QSplitter *splitter : splitters)
        if (!splitter->objectName().isEmpty())
            settings.setValue(
                QLatin1String("splitters/") + splitter->objectName(), splitter->saveState());
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/page"), m_tabs->currentIndex());
    QMainWindow::closeEvent(event);
}

void MainWindow::exportChart()
{
    // The chart under the mouse or with focus on the Overview, else the daily volume chart.
    m_tabs->setCurrentWidget(m_overviewPage);
    const auto charts = m_overviewPage->charts();
    ChartView *target = charts.first();
    for (ChartView *chart : charts)
        if (chart->underMouse() || chart->hasFocus())
            target = chart;
    const QString path = target->exportInteractively();
    if (!path.isEmpty())
        m_statusText->setText(tr("Exported %1").arg(path));
}

void MainWindow::reloadSources()
{
    const SourceFilter filter = m_sourcesPage->filter();
    const int sourceGeneration = ++m_sourceGeneration; // a newer filter wins
    m_sourcesPage->showSourceSummary(tr("Loading sources\u2026"));
    loadInBackground<QList<SourceStats>>(
        [filter](QSqlDatabase db) { return SourceStats::load(db, filter); },
        [this, sourceGeneration](const QList<SourceStats> &sources) {
            if (sourceGeneration != m_sourceGeneration)
                return;
            // The source the user was looking at stays selected when it is still there: data
            // arriving (an import, a sync, new links) must not take their place away.
            const QString shown = m_shownSource;
            m_sourceModel->setSources(sources);
            showSource({});
            if (!shown.isEmpty() && m_sourceModel->source(shown)) {
                const QScopedValueRollback<bool> restoring(m_restoringPlace, true);
                selectSource(shown);
            }
        });
}

void MainWindow::showSource(const QString &ip)
{
    m_shownSource = ip;
    if (ip.isEmpty()) {
        m_sourceRecordModel->setRecords({});
        m_sourceDailyModel->setDays({});
        m_sourcesPage->showSourceSummary(tr("Select a source to see its records."));
        ++m_sourceEvidenceRequest; // a load still running is for another source
        m_evidenceModel->setRows({});
        m_sourcesPage->showEvidenceSummary(
            0, tr("Select a source to see the bounces and failure reports linked to it."));
        return;
    }
    QString error;
    const QList<SourceRecord> records
        = SourceRecord::load(m_database->connection(), ip, m_sourcesPage->filter(), &error);
    if (!error.isEmpty()) {
        m_sourcesPage->showSourceSummary(tr("Cannot read the records of %1: %2").arg(ip, error));
        return;
    }
    m_sourceRecordModel->setRecords(records);
    m_sourceDailyModel->setDays(SourceRecord::dailyVolume(records));
    qint64 messages = 0;
    QSet<QString> reporters;
    for (const SourceRecord &record : records) {
        messages += record.messages;
        reporters.insert(record.reporter);
    }
    QString summary = tr("%1: %2 messages in %3 records from %4 reporters")
                          .arg(ip)
                          .arg(messages)
                          .arg(records.size())
                          .arg(reporters.size());
    if (const SourceStats *stats = m_sourceModel->source(ip); stats && !stats->category.isEmpty())
        summary
            += QLatin1String(". ") + stats->category + QLatin1String(": ") + stats->categoryReason;
    m_sourcesPage->showSourceSummary(summary);

    showSourceEvidence(ip, EvidenceModel::FirstPage);
}

const MailFlags &MainWindow::mailFlags()
{
    if (!m_mailFlags)
        m_mailFlags = MailFlags::load(m_database->connection());
    return *m_mailFlags;
}

void MainWindow::showSourceEvidence(const QString &ip, int limit)
{
    // A busy relay's evidence runs to tens of thousands of notices on a large store: read it off
    // this thread.
    loadPane<Evidence>(
        &m_sourceEvidenceRequest,
        [ip, limit, flags = mailFlags()](QSqlDatabase db) {
            QString error;
            Evidence evidence = EvidenceModel::load(db, ip, flags, limit, &error);
            evidence.error = error;
            return evidence;
        },
        [this, ip](const Evidence &evidence) { showSourceEvidence(ip, evidence); });
}

void MainWindow::showSourceEvidence(const QString &ip, const Evidence &evidence)
{
    m_evidenceModel->setRows(evidence.rows);
    if (!evidence.error.isEmpty()) {
        m_sourcesPage->showEvidenceSummary(
            0, tr("Cannot read the evidence of %1: %2").arg(ip, evidence.error));
        return;
    }
    if (evidence.notices == 0) {
        m_sourcesPage->showEvidenceSummary(0,
            tr("No bounce or failure report is linked to %1. Import the mailbox that receives "
               "your bounces and ruf= reports to see the campaign's echoes here.")
                .arg(ip));
        return;
    }
    const QLocale locale;
    const QString domains
        = EvidenceModel::recipientDomains(evidence.rows).mid(0, 12).join(QLatin1String(", "));
    QString text = tr("%1 bounce(s) and %2 failure report(s) linked to %3.")
                       .arg(locale.toString(evidence.notices - evidence.failureReports),
                           locale.toString(evidence.failureReports), ip);
    if (evidence.complete())
        text += QLatin1Char(' ') + tr("Recipient domains hit: %1").arg(domains);
    else
        text += QLatin1Char(' ')
            + tr("Showing the newest %1; recipient domains hit among them: %2")
                  .arg(locale.toString(evidence.rows.size()), domains);
    m_sourcesPage->showEvidenceSummary(int(evidence.notices), text, !evidence.complete());
}

template<typename T>
void MainWindow::loadPane(
    int *request, std::function<T(QSqlDatabase)> query, std::function<void(const T &)> apply)
{
    const int id = ++*request;
    BackgroundQuery::run<T>(
        m_database->location(), std::move(query), this, [request, id, apply](const T &result) {
            if (id == *request)
                apply(result);
        });
}

void MainWindow::exportTable()
{
    QAbstractItemView *view = nullptr;
    QString name;
    if (m_tabs->currentWidget() == m_sourcesPage) {
        view = m_sourcesPage->tree();
        name = QStringLiteral("sources");
    } else if (m_tabs->currentWidget() == m_reportsPage) {
        view = m_reportsPage->table();
        name = QStringLiteral("reports");
    } else if (m_tabs->currentWidget() == m_bouncesPage) {
        view = m_bouncesPage->table();
        name = QStringLiteral("bounces");
    } else if (m_tabs->currentWidget() == m_failuresPage) {
        view = m_failuresPage->table();
        name = QStringLiteral("failure-reports");
    } else if (m_tabs->currentWidget() == m_campaignsPage) {
        view = m_campaignsPage->table();
        name = QStringLiteral("campaigns");
    } else if (m_tabs->currentWidget() == m_logPage) {
        view = m_logPage->table();
        name = QStringLiteral("import-log");
    } else {
        // The Overview's table is the daily volume behind its main chart.
        m_statusText->setText(
            tr("Choose a page with a table (Sources, Reports, Bounces, Failure reports, Import "
               "log) to export it"));
        return;
    }
    const QString path = ViewActions::exportCsv(view, name, this);
    if (!path.isEmpty())
        m_statusText->setText(tr("Exported %1").arg(path));
}

void MainWindow::switchDatabase(const QString &location)
{
    if (m_watcher.isRunning()) {
        m_statusText->setText(
            tr("Wait for the import to finish (or cancel it) before switching databases"));
        return;
    }
    if (!m_syncs.isEmpty()) {
        // A sync writes into the store it started with: stop it rather than mix stores.
        stopSyncs();
        m_statusText->setText(
            tr("Mailbox syncs stopped: they belong to the previous database. "
               "Use Mailbox > Sync Remembered Accounts to read them into this one."));
    }
    auto candidate = std::make_unique<Database>(location);
    if (!candidate->connection().isOpen()) {
        QMessageBox::warning(this, tr("Open Database"), candidate->errorString());
        candidate->closeThreadConnection();
        return;
    }
    m_database->closeThreadConnection();
    m_database = std::move(candidate);
    rememberDatabase(location);
    reload();
    m_statusText->setText(tr("Opened %1").arg(location));
}

void MainWindow::newDatabase()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("New Database"),
        QFileInfo(m_database->location()).absolutePath(), tr("DMARC Scope databases (*.sqlite)"));
    if (path.isEmpty())
        return;
    if (QFileInfo::exists(path) && !QFile::remove(path)) {
        QMessageBox::warning(this, tr("New Database"), tr("Cannot replace %1").arg(path));
        return;
    }
    switchDatabase(path);
}

void MainWindow::openDatabase()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Database"),
        QFileInfo(m_database->location()).absolutePath(),
        tr("DMARC Scope databases (*.sqlite);;All files (*)"));
    if (!path.isEmpty())
        switchDatabase(path);
}

void MainWindow::rememberDatabase(const QString &location)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("database/recent")).toStringList();
    recent.removeAll(location);
    recent.prepend(location);
    settings.setValue(QStringLiteral("database/recent"), recent.mid(0, 8));
    settings.setValue(QStringLiteral("database/last"), location);
    updateRecentMenu();
    setWindowTitle(tr("DMARC Scope \u2014 %1").arg(QFileInfo(location).fileName()));
}

void MainWindow::updateRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("database/recent")).toStringList();
    for (const QString &location : recent)
        m_recentMenu->addAction(location, this, [this, location] { switchDatabase(location); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::rememberInputs(const QStringList &paths)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("import/recent")).toStringList();
    for (const QString &path : paths) {
        const QString absolute = QFileInfo(path).absoluteFilePath();
        recent.removeAll(absolute);
        recent.prepend(absolute);
    }
    settings.setValue(QStringLiteral("import/recent"), recent.mid(0, 10));
    updateRecentInputsMenu();
}

void MainWindow::updateRecentInputsMenu()
{
    m_recentInputsMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("import/recent")).toStringList();
    for (const QString &path : recent)
        m_recentInputsMenu->addAction(path, this, [this, path] { importPaths({ path }); });
    m_recentInputsMenu->setEnabled(!recent.isEmpty());
}

QList<QPair<QString, QHeaderView *>> MainWindow::headers() const
{
    return { { QStringLiteral("sources"), m_sourcesPage->tree()->header() },
        { QStringLiteral("sourceRecords"), m_sourcesPage->recordTable()->horizontalHeader() },
        { QStringLiteral("reports"), m_reportsPage->table()->horizontalHeader() },
        { QStringLiteral("bounces"), m_bouncesPage->table()->horizontalHeader() },
        { QStringLiteral("failures"), m_failuresPage->table()->horizontalHeader() },
        { QStringLiteral("log"), m_logPage->table()->horizontalHeader() } };
}

bool MainWindow::storeIsEmpty()
{
    // Empty means nothing imported and nothing tried: a store whose only rows are rejected files
    // opens on the import log, not on the welcome.
    QSqlQuery query(m_database->connection());
    return query.exec(QStringLiteral(
               "SELECT EXISTS (SELECT 1 FROM reports) OR EXISTS (SELECT 1 FROM mail_messages) "
               "OR EXISTS (SELECT 1 FROM import_log)"))
        && query.next() && !query.value(0).toBool();
}
