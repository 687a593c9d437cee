#pragma once

#include "chartfactory.h"

#include <QWidget>

struct DashboardData;
class ChartView;
class KpiTile;
class QLabel;

// The domain(s) and their policy, the key figures, and the charts: daily volume by outcome,
// messages by reporter and by source category.
class OverviewPage : public QWidget
{
    Q_OBJECT
public:
    explicit OverviewPage(const ChartFactory::Models &models, QWidget *parent = nullptr);

    void setData(const DashboardData &data);
    QList<ChartView *> charts() const { return m_charts; }
    KpiTile *tile(int index) const { return m_tiles.value(index); }

private:
    QLabel *m_domains;
    QList<KpiTile *> m_tiles;
    QList<ChartView *> m_charts;
};
