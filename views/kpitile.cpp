#include "kpitile.h"

#include <QLabel>
#include <QVBoxLayout>

KpiTile::KpiTile(const QString &caption, const QString &explanation, QWidget *parent)
    : QFrame(parent)
    , m_value(new QLabel(QStringLiteral("–"), this))
    , m_detail(new QLabel(this))
{
    setFrameShape(QFrame::StyledPanel);
    setToolTip(explanation);
    QFont big = m_value->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    m_value->setFont(big);
    auto *captionLabel = new QLabel(caption, this);
    m_detail->setForegroundRole(QPalette::PlaceholderText);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(2);
    layout->addWidget(captionLabel);
    layout->addWidget(m_value);
    layout->addWidget(m_detail);
    // Room for the largest figure and caption, so tiles never clip at any DPI.
    setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("DKIM aligned  ")) + 20);
}

void KpiTile::setValue(const QString &value, const QString &detail)
{
    m_value->setText(value);
    m_detail->setText(detail);
}

QString KpiTile::value() const
{
    return m_value->text();
}
