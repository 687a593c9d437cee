#pragma once

#include "imapprobe.h"

#include <QAbstractItemModel>
#include <QSet>

#include <memory>
#include <vector>

// The account's folders as a tree (split at the server's delimiter), each selectable folder with
// a check box: the folders to read. Parents that LIST did not name, or that are \Noselect, are
// shown for the hierarchy but cannot be checked.
class ImapFolderModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    explicit ImapFolderModel(QObject *parent = nullptr);
    ~ImapFolderModel() override;

    void setFolders(const QList<ImapFolder> &folders, const QStringList &checked);
    QStringList checkedFolders() const; // full names, in tree order

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    struct Node
    {
        QString label; // the last path component
        QString fullName;
        bool selectable = false;
        bool checked = false;
        Node *parent = nullptr;
        std::vector<std::unique_ptr<Node>> children;
        int row = 0;
    };
    Node *node(const QModelIndex &index) const;
    static void collectChecked(const Node *node, QStringList *out);

    std::unique_ptr<Node> m_root;
};
