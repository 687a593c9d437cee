#include "viewactions.h"

#include "csvwriter.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>

namespace ViewActions {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ViewActions", text);
}

} // namespace

QString selectedRowsAsText(const QAbstractItemView *view)
{
    const QAbstractItemModel *model = view->model();
    QModelIndexList rows
        = view->selectionModel() ? view->selectionModel()->selectedRows() : QModelIndexList();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) {
        // Visual order: parents before children, then by row.
        QList<int> pa, pb;
        for (QModelIndex i = a; i.isValid(); i = i.parent())
            pa.prepend(i.row());
        for (QModelIndex i = b; i.isValid(); i = i.parent())
            pb.prepend(i.row());
        return pa < pb;
    });
    QStringList lines;
    for (const QModelIndex &row : std::as_const(rows)) {
        QStringList cells;
        for (int column = 0; column < model->columnCount(row.parent()); ++column)
            cells.append(row.siblingAtColumn(column).data().toString());
        lines.append(cells.join(QLatin1Char('\t')));
    }
    return lines.join(QLatin1Char('\n'));
}

QString exportCsv(QAbstractItemView *view, const QString &suggestedName, QWidget *parent)
{
    QSettings settings;
    const QString dir = settings
                            .value(QStringLiteral("csvExport/dir"),
                                QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                            .toString();
    const QString path = QFileDialog::getSaveFileName(parent, tr("Export to CSV"),
        QDir(dir).filePath(suggestedName + QLatin1String(".csv")), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return {};
    settings.setValue(QStringLiteral("csvExport/dir"), QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(CsvWriter::write(view->model())) < 0
        || !file.commit()) {
        QMessageBox::warning(
            parent, tr("Export to CSV"), tr("Cannot write %1: %2").arg(path, file.errorString()));
        return {};
    }
    return path;
}

void installFindShortcut(QWidget *page, QLineEdit *filter)
{
    auto *find = new QAction(page);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QObject::connect(find, &QAction::triggered, filter, [filter] {
        filter->setFocus(Qt::ShortcutFocusReason);
        filter->selectAll();
    });
    page->addAction(find);
}

void install(QAbstractItemView *view, const QString &suggestedName)
{
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(
        view, &QWidget::customContextMenuRequested, view, [view, suggestedName](const QPoint &pos) {
            QMenu menu(view);
            QAction *copy
                = menu.addAction(QIcon::fromTheme(QStringLiteral("edit-copy")), tr("&Copy"),
                    [view] { QApplication::clipboard()->setText(selectedRowsAsText(view)); });
            copy->setShortcut(QKeySequence::Copy);
            copy->setEnabled(view->selectionModel() && view->selectionModel()->hasSelection());
            menu.addAction(tr("&Export to CSV…"),
                [view, suggestedName] { exportCsv(view, suggestedName, view); });
            menu.exec(view->viewport()->mapToGlobal(pos));
        });
}

} // namespace ViewActions
