#include "reportspage.h"

#include "evidencemodel.h"
#include "itemroles.h"
#include "reportlistmodel.h"
#include "tableview.h"
#include "viewactions.h"
#include "warningdelegate.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

ReportsPage::ReportsPage(ReportListModel *model, EvidenceModel *evidence, QWidget *parent)
    : QWidget(parent)
    , m_table(new TableView(this))
    , m_filter(new QLineEdit(this))
    , m_xml(new QPlainTextEdit(this))
    , m_tabs(new QTabWidget(this))
    , m_evidence(new TableView(this))
{
    m_filter->setPlaceholderText(tr("Filter by reporter, report ID or domain (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    auto *proxy = m_table->setSourceModel(model);
    ViewActions::install(m_table, QStringLiteral("reports"));
    connect(m_filter, &QLineEdit::textChanged, proxy, &QSortFilterProxyModel::setFilterFixedString);
    m_table->sortByColumn(ReportListModel::BeginColumn, Qt::DescendingOrder);
    auto *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ReportListModel::ReportIdColumn, QHeaderView::Stretch);
    header->setStretchLastSection(false);

    m_xml->setReadOnly(true);
    m_xml->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_xml->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_xml->setPlaceholderText(tr("Select a report to see its XML."));

    m_evidence->setSourceModel(evidence);
    m_evidence->setItemDelegate(new WarningDelegate(m_evidence));
    m_evidence->sortByColumn(EvidenceModel::DateColumn, Qt::DescendingOrder);
    m_evidence->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_evidence->horizontalHeader()->setDefaultSectionSize(
        fontMetrics().horizontalAdvance(QLatin1Char('x')) * 20);
    m_evidence->setToolTip(tr("Double-click a row to open the bounce or failure report"));
    ViewActions::install(m_evidence, QStringLiteral("report-evidence"));
    connect(m_evidence, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT mailActivated(index.data(ItemRoles::IdRole).toLongLong(),
            index.data(ItemRoles::CategoryRole).toString());
    });
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_xml, tr("XML"));
    m_tabs->addTab(m_evidence, tr("Evidence"));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    ViewActions::installFindShortcut(this, m_filter);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_filter);
    layout->addWidget(splitter);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) {
            Q_EMIT currentReportChanged(
                current.isValid() ? current.data(ItemRoles::IdRole).toLongLong() : 0);
        });
    // After a reload the old selection is gone: show the newest report rather than nothing.
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        m_xml->clear();
        if (m_table->model()->rowCount() > 0)
            m_table->setCurrentIndex(m_table->model()->index(0, 0));
    });
}

void ReportsPage::setEvidenceCount(qint64 shown, qint64 linked)
{
    const QLocale locale;
    if (linked == 0)
        m_tabs->setTabText(1, tr("Evidence"));
    else if (shown == linked)
        m_tabs->setTabText(1, tr("Evidence (%1)").arg(locale.toString(linked)));
    else
        m_tabs->setTabText(1,
            tr("Evidence (newest %1 of %2)").arg(locale.toString(shown), locale.toString(linked)));
}

void ReportsPage::showRawXml(const QString &xml)
{
    m_xml->setPlainText(xml);
}
