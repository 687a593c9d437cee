#pragma once

#include <QString>

class QAbstractItemView;
class QLineEdit;
class QWidget;

// The same right-click menu on every table and tree: Copy (the selected rows, as text) and
// Export to CSV (the rows and columns as shown, filters applied).
namespace ViewActions {

void install(QAbstractItemView *view, const QString &suggestedName);

// Asks for a file and writes the view's model as CSV. Returns the path written, or empty.
QString exportCsv(QAbstractItemView *view, const QString &suggestedName, QWidget *parent);
QString selectedRowsAsText(const QAbstractItemView *view);

// Ctrl+F anywhere on `page` puts the cursor in its filter box, text selected.
void installFindShortcut(QWidget *page, QLineEdit *filter);

} // namespace ViewActions
