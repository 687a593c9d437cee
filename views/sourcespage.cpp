#include "sourcespage.h"

#include "categorydelegate.h"
#include "chartview.h"
#include "evidencemodel.h"
#include "itemroles.h"
#include "sourcefilterproxy.h"
#include "sourcerecordmodel.h"
#include "sourcetreemodel.h"
#include "tableview.h"
#include "viewactions.h"
#include "warningdelegate.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

SourcesPage::SourcesPage(SourceTreeModel *sources, SourceRecordModel *records,
    DailyVolumeModel *sourceDaily, EvidenceModel *evidence, QWidget *parent)
    : QWidget(parent)
    , m_filterText(new QLineEdit(this))
    , m_domain(new QComboBox(this))
    , m_limitDates(new QCheckBox(tr("&Dates:"), this))
    , m_from(new QDateEdit(this))
    , m_to(new QDateEdit(this))
    , m_tree(new QTreeView(this))
    , m_proxy(new SourceFilterProxy(this))
    , m_summary(new QLabel(this))
    , m_records(new TableView(this))
    , m_detailTabs(new QTabWidget(this))
    , m_evidenceSummary(new QLabel(this))
    , m_evidence(new TableView(this))
{
    m_filterText->setPlaceholderText(
        tr("Filter: IP, CIDR (203.0.113.0/24), domain or category (Ctrl+F)"));
    m_filterText->setClearButtonEnabled(true);
    connect(m_filterText, &QLineEdit::textChanged, m_proxy, &SourceFilterProxy::setFilterText);
    ViewActions::installFindShortcut(this, m_filterText);

    m_domain->setToolTip(tr("Policy domain"));
    m_domain->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (QDateEdit *edit : { m_from, m_to }) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setEnabled(false);
    }
    m_to->setDate(QDate::currentDate());
    m_from->setDate(QDate::currentDate().addDays(-30));
    auto changed = [this] {
        Q_EMIT filterChanged(filter());
    };
    connect(m_domain, &QComboBox::currentIndexChanged, this, changed);
    connect(m_limitDates, &QCheckBox::toggled, this, [this, changed](bool on) {
        m_from->setEnabled(on);
        m_to->setEnabled(on);
        changed();
    });
    connect(m_from, &QDateEdit::dateChanged, this, changed);
    connect(m_to, &QDateEdit::dateChanged, this, changed);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_filterText, 1);
    filters->addWidget(m_domain);
    filters->addWidget(m_limitDates);
    filters->addWidget(m_from);
    filters->addWidget(new QLabel(QStringLiteral("–"), this));
    filters->addWidget(m_to);

    m_proxy->setSourceModel(sources);
    m_tree->setModel(m_proxy);
    m_tree->setSortingEnabled(true);
    m_tree->sortByColumn(SourceTreeModel::MessagesColumn, Qt::DescendingOrder);
    m_tree->setAlternatingRowColors(true);
    m_tree->setItemDelegateForColumn(SourceTreeModel::CategoryColumn, new CategoryDelegate(m_tree));
    // The verdict next to the name: it is what the page is read for.
    m_tree->header()->moveSection(SourceTreeModel::CategoryColumn, 1);
    // Countries only when the user gave a GeoIP database.
    connect(sources, &QAbstractItemModel::modelReset, this, [this, sources] {
        bool any = false;
        for (int group = 0; group < sources->rowCount() && !any; ++group) {
            const QModelIndex parent = sources->index(group, 0);
            for (int row = 0; row < sources->rowCount(parent) && !any; ++row)
                any = !sources->index(row, SourceTreeModel::CountryColumn, parent)
                           .data()
                           .toString()
                           .isEmpty();
        }
        m_tree->setColumnHidden(SourceTreeModel::CountryColumn, !any);
    });
    m_tree->setColumnHidden(SourceTreeModel::CountryColumn, true);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_tree->header()->setStretchLastSection(true);
    connect(sources, &QAbstractItemModel::modelReset, this, [this] {
        m_tree->expandAll();
        if (m_tree->header()->property(UserSizedProperty).toBool())
            return;
        for (int column = 0; column < SourceTreeModel::ColumnCount; ++column)
            m_tree->resizeColumnToContents(column);
    });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) {
            Q_EMIT sourceSelected(
                current.siblingAtColumn(0).data(ItemRoles::SourceIpRole).toString());
        });

    ViewActions::install(m_tree, QStringLiteral("sources"));
    m_records->setSourceModel(records);
    ViewActions::install(m_records, QStringLiteral("source-records"));
    m_records->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_summary->setText(tr("Select a source to see its records."));

    auto *chart = new ChartView(
        ChartFactory::ChartId::DailyVolume, { sourceDaily, nullptr, nullptr }, this);
    chart->setMinimumHeight(200);
    auto *detail = new QSplitter(Qt::Horizontal, this);
    detail->addWidget(m_records);
    detail->addWidget(chart);
    detail->setStretchFactor(0, 3);
    detail->setStretchFactor(1, 2);
    m_evidence->setSourceModel(evidence);
    m_evidence->setItemDelegate(new WarningDelegate(m_evidence));
    m_evidence->sortByColumn(EvidenceModel::DateColumn, Qt::DescendingOrder);
    m_evidence->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_evidence->horizontalHeader()->setDefaultSectionSize(
        fontMetrics().horizontalAdvance(QLatin1Char('x')) * 22);
    ViewActions::install(m_evidence, QStringLiteral("evidence"));
    m_evidence->setToolTip(tr("Double-click a row to open the bounce or failure report"));
    connect(m_evidence, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT mailActivated(index.data(ItemRoles::IdRole).toLongLong(),
            index.siblingAtColumn(EvidenceModel::KindColumn)
                .data(ItemRoles::CategoryRole)
                .toString());
    });
    m_evidenceSummary->setWordWrap(true);
    m_evidenceSummary->setTextInteractionFlags(
        Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    connect(m_evidenceSummary, &QLabel::linkActivated, this, &SourcesPage::allEvidenceRequested);
    auto *evidencePane = new QWidget(this);
    auto *evidenceLayout = new QVBoxLayout(evidencePane);
    evidenceLayout->setContentsMargins(0, 4, 0, 0);
    evidenceLayout->addWidget(m_evidenceSummary);
    evidenceLayout->addWidget(m_evidence, 1);
    m_detailTabs->setDocumentMode(true);
    m_detailTabs->addTab(detail, tr("Records"));
    m_detailTabs->addTab(evidencePane, tr("Evidence"));
    showEvidenceSummary(0,
        tr("Select a source to see the bounces and failure reports linked to "
           "it."));

    auto *detailPane = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detailPane);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_summary);
    detailLayout->addWidget(m_detailTabs, 1);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("sourcesSplitter"));
    splitter->addWidget(m_tree);
    splitter->addWidget(detailPane);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addLayout(filters);
    layout->addWidget(splitter, 1);
}

void SourcesPage::setDomains(const QStringList &domains)
{
    const QString current = m_domain->currentData().toString();
    QSignalBlocker blocker(m_domain);
    m_domain->clear();
    m_domain->addItem(tr("All domains"), QString());
    for (const QString &domain : domains)
        m_domain->addItem(domain, domain);
    m_domain->setCurrentIndex(qMax(0, m_domain->findData(current)));
    m_domain->setVisible(domains.size() > 1);
}

SourceFilter SourcesPage::filter() const
{
    SourceFilter filter;
    filter.domain = m_domain->currentData().toString();
    if (m_limitDates->isChecked()) {
        filter.from = m_from->date();
        filter.to = m_to->date();
    }
    return filter;
}

void SourcesPage::setFilterText(const QString &text)
{
    m_filterText->setText(text);
}

void SourcesPage::showEvidenceSummary(int linked, const QString &text, bool more)
{
    m_detailTabs->setTabText(
        1, linked > 0 ? tr("Evidence (%1)").arg(QLocale().toString(linked)) : tr("Evidence"));
    // Rich text only for the link: the summary holds names from the store, escaped.
    QString html = text.toHtmlEscaped();
    if (more)
        html += QStringLiteral(" <a href=\"all\">%1</a>").arg(tr("Show all"));
    m_evidenceSummary->setTextFormat(Qt::RichText);
    m_evidenceSummary->setText(html);
}

void SourcesPage::showSourceSummary(const QString &text)
{
    m_summary->setText(text);
    m_summary->setToolTip(text);
}

void SourcesPage::setDataRange(const QDate &first, const QDate &last)
{
    if (m_limitDates->isChecked() || !first.isValid() || !last.isValid())
        return; // the user's own choice stands
    const QSignalBlocker fromBlocker(m_from);
    const QSignalBlocker toBlocker(m_to);
    m_from->setDate(first);
    m_to->setDate(last);
}
