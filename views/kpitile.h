#pragma once

#include <QFrame>

class QLabel;

// One key figure: a large value over a caption, with a tooltip that explains it.
class KpiTile : public QFrame
{
    Q_OBJECT
public:
    KpiTile(const QString &caption, const QString &explanation, QWidget *parent = nullptr);

    void setValue(const QString &value, const QString &detail = {});
    QString value() const;

private:
    QLabel *m_value;
    QLabel *m_detail;
};
