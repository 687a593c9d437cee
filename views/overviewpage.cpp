#include "overviewpage.h"

#include "chartview.h"
#include "dashboarddata.h"
#include "kpitile.h"

#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace {

enum Tile
{
    Messages,
    DmarcPass,
    DkimAligned,
    SpfAligned,
    Rejected,
    Quarantined,
    Sources,
    Reporters,
    TileCount
};

QString percent(qint64 part, qint64 whole)
{
    if (whole <= 0)
        return QStringLiteral("–");
    return QLocale().toString(100.0 * double(part) / double(whole), 'f', 1) + QLatin1String(" %");
}

} // namespace

OverviewPage::OverviewPage(const ChartFactory::Models &models, QWidget *parent)
    : QWidget(parent)
    , m_domains(new QLabel(this))
{
    m_domains->setTextFormat(Qt::PlainText);
    m_domains->setWordWrap(true);
    QFont bold = m_domains->font();
    bold.setPointSizeF(bold.pointSizeF() * 1.2);
    bold.setBold(true);
    m_domains->setFont(bold);

    const struct
    {
        const char *caption;
        const char *explanation;
    } tiles[TileCount] = {
        { QT_TR_NOOP("Messages"), QT_TR_NOOP("Messages the reporters saw from your domain") },
        { QT_TR_NOOP("DMARC pass"),
            QT_TR_NOOP("Share of messages that passed DMARC: aligned DKIM or aligned SPF") },
        { QT_TR_NOOP("DKIM aligned"),
            QT_TR_NOOP(
                "Share of messages with a passing DKIM signature aligned with the From: domain") },
        { QT_TR_NOOP("SPF aligned"),
            QT_TR_NOOP("Share of messages whose SPF pass was aligned with the From: domain") },
        { QT_TR_NOOP("Rejected"),
            QT_TR_NOOP("Messages that failed DMARC and were rejected by the receiver") },
        { QT_TR_NOOP("Quarantined"),
            QT_TR_NOOP("Messages that failed DMARC and went to spam or quarantine") },
        { QT_TR_NOOP("Sources"),
            QT_TR_NOOP("Distinct IP addresses that sent mail in your domain's name") },
        { QT_TR_NOOP("Reporters"), QT_TR_NOOP("Organisations that sent aggregate reports") },
    };
    auto *tileGrid = new QGridLayout;
    tileGrid->setSpacing(8);
    for (int i = 0; i < TileCount; ++i) {
        auto *tile = new KpiTile(tr(tiles[i].caption), tr(tiles[i].explanation), this);
        m_tiles.append(tile);
        tileGrid->addWidget(tile, i / 4, i % 4);
    }

    using ChartFactory::ChartId;
    for (ChartId id : ChartFactory::all())
        m_charts.append(new ChartView(id, models, this));
    auto *lower = new QSplitter(Qt::Horizontal, this);
    lower->addWidget(m_charts.at(1));
    lower->addWidget(m_charts.at(2));
    auto *charts = new QSplitter(Qt::Vertical, this);
    charts->addWidget(m_charts.at(0));
    charts->addWidget(lower);
    charts->setStretchFactor(0, 3);
    charts->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(m_domains);
    layout->addLayout(tileGrid);
    layout->addWidget(charts, 1);
}

void OverviewPage::setData(const DashboardData &data)
{
    QStringList domains;
    for (const DomainPolicy &domain : data.domains)
        domains.append(domain.domain + QStringLiteral(" \u2014 ") + domain.policy);
    m_domains->setText(domains.isEmpty() ? tr("No reports yet") : domains.join(QLatin1Char('\n')));

    const QLocale locale;
    m_tiles[Messages]->setValue(locale.toString(data.messages));
    m_tiles[DmarcPass]->setValue(percent(data.dmarcPass, data.messages),
        tr("%1 messages").arg(locale.toString(data.dmarcPass)));
    m_tiles[DkimAligned]->setValue(percent(data.dkimAligned, data.messages),
        tr("%1 messages").arg(locale.toString(data.dkimAligned)));
    m_tiles[SpfAligned]->setValue(percent(data.spfAligned, data.messages),
        tr("%1 messages").arg(locale.toString(data.spfAligned)));
    m_tiles[Rejected]->setValue(
        locale.toString(data.rejected), percent(data.rejected, data.messages));
    m_tiles[Quarantined]->setValue(
        locale.toString(data.quarantined), percent(data.quarantined, data.messages));
    m_tiles[Sources]->setValue(locale.toString(data.sources));
    m_tiles[Reporters]->setValue(locale.toString(data.reporters));
}
