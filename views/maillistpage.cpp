#include "maillistpage.h"

#include "itemroles.h"
#include "mailfilterproxy.h"
#include "tableview.h"
#include "viewactions.h"
#include "warningdelegate.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

MailListPage::MailListPage(
    QAbstractItemModel *model, const Texts &texts, Describe describe, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_texts(texts)
    , m_describe(std::move(describe))
    , m_filter(new MailFilterProxy(this))
    , m_filterEdit(new QLineEdit(this))
    , m_category(new QComboBox(this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new QLabel(texts.empty, this))
    , m_table(new TableView(this))
    , m_detail(new MailDetailView(this))
{
    m_filter->setSourceModel(model);
    m_table->setSourceModel(m_filter);
    m_table->sortByColumn(0, Qt::DescendingOrder);
    ViewActions::install(m_table, texts.exportName);
    m_table->setItemDelegate(new WarningDelegate(m_table));
    // Dates, codes and reasons are short and fit; addresses and hosts get a fair share, the
    // subject takes the rest.
    auto *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    header->setDefaultSectionSize(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 24);
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        auto *header = m_table->horizontalHeader();
        for (int column = 0; column + 1 < m_model->columnCount(); ++column) {
            m_table->resizeColumnToContents(column);
            const int cap = fontMetrics().horizontalAdvance(QLatin1Char('x')) * 30;
            header->resizeSection(column, qMin(header->sectionSize(column), cap));
        }
    });

    m_filterEdit->setPlaceholderText(texts.filterPlaceholder);
    m_filterEdit->setClearButtonEnabled(true);
    m_category->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_filterEdit, &QLineEdit::textChanged, m_filter, &MailFilterProxy::setText);
    connect(m_category, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_filter->setCategory(index <= 0 ? QString() : m_category->itemText(index));
    });
    ViewActions::installFindShortcut(this, m_filterEdit);

    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setMargin(24);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(texts.exportName + QLatin1String("Split"));
    splitter->addWidget(m_table);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    m_stack->addWidget(m_empty);
    m_stack->addWidget(splitter);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_filterEdit, 1);
    bar->addWidget(m_category);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addLayout(bar);
    layout->addWidget(m_stack);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &MailListPage::showCurrent);
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        updateCategories();
        m_stack->setCurrentIndex(m_model->rowCount() > 0 ? 1 : 0);
        m_detail->clear();
        if (m_table->model()->rowCount() > 0)
            m_table->setCurrentIndex(m_table->model()->index(0, 0));
    });
    updateCategories();
    m_stack->setCurrentIndex(model->rowCount() > 0 ? 1 : 0);
}

bool MailListPage::selectMail(qint64 mailRef)
{
    auto find = [&] {
        QAbstractItemModel *shown = m_table->model();
        return shown->match(shown->index(0, 0), ItemRoles::IdRole, mailRef, 1, Qt::MatchExactly);
    };
    QModelIndexList found = find();
    if (found.isEmpty()) {
        m_filterEdit->clear();
        m_category->setCurrentIndex(0);
        found = find();
    }
    if (found.isEmpty())
        return false;
    m_table->setCurrentIndex(found.first());
    m_table->scrollTo(found.first());
    return true;
}

void MailListPage::updateCategories()
{
    const QString current = m_filter->category();
    QSet<QString> seen;
    for (int row = 0; row < m_model->rowCount(); ++row)
        seen.insert(m_model->index(row, 0).data(ItemRoles::CategoryRole).toString());
    seen.remove(QString());
    QStringList categories(seen.cbegin(), seen.cend());
    categories.sort();
    const QSignalBlocker blocker(m_category);
    m_category->clear();
    m_category->addItem(m_texts.allCategories);
    m_category->addItems(categories);
    const int index = m_category->findText(current);
    m_category->setCurrentIndex(qMax(0, index));
    m_filter->setCategory(index > 0 ? current : QString());
}

void MailListPage::showCurrent()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    const QModelIndex inFilter = m_table->proxy()->mapToSource(current);
    const QModelIndex inModel = m_filter->mapToSource(inFilter);
    m_detail->show(m_describe(inModel.row()));
}
