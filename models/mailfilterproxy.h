#pragma once

#include <QSortFilterProxyModel>

// Filters the rows of the bounce and failure report lists: by free text against
// ItemRoles::FilterTextRole (addresses, hosts, IPs, subjects, DKIM domains), and by an exact
// ItemRoles::CategoryRole (a bounce reason, an auth failure). Either left empty lets all pass.
class MailFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setText(const QString &text);
    void setCategory(const QString &category);
    QString category() const { return m_category; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    QString m_category;
};
