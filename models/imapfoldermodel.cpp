#include "imapfoldermodel.h"

ImapFolderModel::ImapFolderModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{ }

ImapFolderModel::~ImapFolderModel() = default;

void ImapFolderModel::setFolders(const QList<ImapFolder> &folders, const QStringList &checked)
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    for (const ImapFolder &folder : folders) {
        const QStringList parts = folder.delimiter.isNull()
            ? QStringList { folder.name }
            : folder.name.split(folder.delimiter, Qt::SkipEmptyParts);
        Node *at = m_root.get();
        QString path;
        for (const QString &part : parts) {
            path += (path.isEmpty() ? QString() : QString(folder.delimiter)) + part;
            Node *child = nullptr;
            for (const auto &existing : at->children)
                if (existing->label == part)
                    child = existing.get();
            if (!child) {
                auto created = std::make_unique<Node>();
                created->label = part;
                created->fullName = path;
                created->parent = at;
                created->row = int(at->children.size());
                child = created.get();
                at->children.push_back(std::move(created));
            }
            at = child;
        }
        at->fullName = folder.name;
        at->selectable = folder.selectable;
        at->checked = folder.selectable && checked.contains(folder.name);
    }
    endResetModel();
}

void ImapFolderModel::collectChecked(const Node *node, QStringList *out)
{
    for (const auto &child : node->children) {
        if (child->checked)
            out->append(child->fullName);
        collectChecked(child.get(), out);
    }
}

QStringList ImapFolderModel::checkedFolders() const
{
    QStringList out;
    collectChecked(m_root.get(), &out);
    return out;
}

ImapFolderModel::Node *ImapFolderModel::node(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex ImapFolderModel::index(int row, int column, const QModelIndex &parent) const
{
    const Node *owner = node(parent);
    if (column != 0 || row < 0 || row >= int(owner->children.size()))
        return {};
    return createIndex(row, column, owner->children.at(row).get());
}

QModelIndex ImapFolderModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *owner = node(child)->parent;
    if (!owner || owner == m_root.get())
        return {};
    return createIndex(owner->row, 0, const_cast<Node *>(owner));
}

int ImapFolderModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(node(parent)->children.size());
}

int ImapFolderModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QVariant ImapFolderModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node *n = node(index);
    switch (role) {
    case Qt::DisplayRole:
        return n->label;
    case Qt::ToolTipRole:
        return n->fullName;
    case Qt::CheckStateRole:
        if (!n->selectable)
            return {};
        return n->checked ? Qt::Checked : Qt::Unchecked;
    default:
        return {};
    }
}

bool ImapFolderModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    Node *n = node(index);
    if (!index.isValid() || role != Qt::CheckStateRole || !n->selectable)
        return false;
    n->checked = value.toInt() == Qt::Checked;
    Q_EMIT dataChanged(index, index, { Qt::CheckStateRole });
    return true;
}

Qt::ItemFlags ImapFolderModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled;
    if (node(index)->selectable)
        flags |= Qt::ItemIsSelectable | Qt::ItemIsUserCheckable;
    return flags;
}
