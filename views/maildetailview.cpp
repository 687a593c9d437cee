#include "maildetailview.h"

#include "fieldlistmodel.h"
#include "itemroles.h"
#include "linkedrowmodel.h"
#include "receivedhopmodel.h"
#include "tableview.h"
#include "viewactions.h"
#include "warningdelegate.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QVBoxLayout>

namespace {

QLabel *sectionTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

} // namespace

MailDetailView::MailDetailView(QWidget *parent)
    : QWidget(parent)
    , m_fieldModel(new FieldListModel(this))
    , m_fields(new TableView(this))
    , m_hopModel(new ReceivedHopModel(this))
    , m_hops(new TableView(this))
    , m_headers(new QPlainTextEdit(this))
    , m_linkModel(new LinkedRowModel(this))
    , m_links(new TableView(this))
    , m_linksTitle(sectionTitle(tr("Linked report rows"), this))
{
    m_fields->setSourceModel(m_fieldModel);
    m_fields->setSortingEnabled(false);
    m_fields->setTextElideMode(Qt::ElideMiddle); // the whole value is in the tooltip
    // The server's answer is what the user came for: values wrap onto as many lines as they
    // need (a token longer than the column, a Message-ID, is still elided).
    m_fields->setWordWrap(true);
    m_fields->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_fields->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_fields->horizontalHeader()->hide();
    ViewActions::install(m_fields, QStringLiteral("fields"));

    m_hops->setSourceModel(m_hopModel);
    m_hops->setSortingEnabled(false); // the order of the headers is the path the mail took
    m_hops->setItemDelegate(new WarningDelegate(m_hops));
    m_hops->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    ViewActions::install(m_hops, QStringLiteral("received-hops"));

    m_headers->setReadOnly(true);
    m_headers->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_headers->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_headers->setPlaceholderText(tr("The original message's headers appear here."));

    auto *hopsBox = new QWidget(this);
    auto *hopsLayout = new QVBoxLayout(hopsBox);
    hopsLayout->setContentsMargins(0, 0, 0, 0);
    hopsLayout->addWidget(sectionTitle(tr("Received chain of the original message"), hopsBox));
    hopsLayout->addWidget(m_hops);
    auto *headersBox = new QWidget(this);
    auto *headersLayout = new QVBoxLayout(headersBox);
    headersLayout->setContentsMargins(0, 0, 0, 0);
    headersLayout->addWidget(sectionTitle(tr("Original headers"), headersBox));
    headersLayout->addWidget(m_headers);

    m_links->setSourceModel(m_linkModel);
    m_links->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_links->setToolTip(tr("Double-click a row to see its source on the Sources page"));
    ViewActions::install(m_links, QStringLiteral("linked-rows"));
    connect(m_links, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT sourceActivated(index.data(ItemRoles::SourceIpRole).toString());
    });
    auto *linksBox = new QWidget(this);
    auto *linksLayout = new QVBoxLayout(linksBox);
    linksLayout->setContentsMargins(0, 0, 0, 0);
    linksLayout->addWidget(m_linksTitle);
    linksLayout->addWidget(m_links);

    auto *right = new QSplitter(Qt::Vertical, this);
    right->setObjectName(QStringLiteral("mailDetailRight"));
    right->addWidget(linksBox);
    right->addWidget(hopsBox);
    right->addWidget(headersBox);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("mailDetail"));
    split->addWidget(m_fields);
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    // Labels and values need room to be read; the splitter would otherwise squeeze them.
    m_fields->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 40);
    right->setStretchFactor(0, 1);
    right->setStretchFactor(1, 1);
    right->setStretchFactor(2, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);
    clear();
}

void MailDetailView::show(const Content &content)
{
    MailDescription::Fields shown;
    for (const auto &field : content.fields)
        if (!field.second.isEmpty())
            shown.append(field);
    m_fieldModel->setRows(shown);
    m_hopModel->setLinked(content.linkedAddresses);
    m_hopModel->setRows(content.hops);
    m_linkModel->setRows(content.links);
    m_linksTitle->setText(content.links.isEmpty()
            ? tr("Linked report rows: none (no report row shares an address, relay or DKIM "
                 "domain with it in its time)")
            : tr("Linked report rows (%1)").arg(content.links.size()));
    m_headers->setPlainText(content.headers);
}

void MailDetailView::clear()
{
    show({ { { tr("Nothing selected"), tr("Select a row above to see its details.") } }, {}, {}, {},
        {} });
}
