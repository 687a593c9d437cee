#pragma once

#include <QWidget>

// What the window shows before there is any data: how to add some, and the sample scenario.
class EmptyStateWidget : public QWidget
{
    Q_OBJECT
public:
    explicit EmptyStateWidget(QWidget *parent = nullptr);

Q_SIGNALS:
    void openFilesRequested();
    void openFolderRequested();
    void sampleRequested();
    void connectMailboxRequested();
};
