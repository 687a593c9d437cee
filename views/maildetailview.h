#pragma once

#include "linkstore.h"
#include "maildescription.h"

#include <QSet>
#include <QWidget>

class FieldListModel;
class LinkedRowModel;
class QLabel;
class QPlainTextEdit;
class ReceivedHopModel;
class TableView;

// The detail pane of the Bounces and Failure reports pages: the notice's fields, the Received
// chain of the message it returns or describes (mismatched HELOs flagged), and that message's
// headers, read-only.
class MailDetailView : public QWidget
{
    Q_OBJECT
public:
    struct Content
    {
        MailDescription::Fields fields;
        QList<ReceivedHop> hops;
        QString headers;
        QList<LinkStore::LinkView> links;
        QSet<QString> linkedAddresses; // IPs and reverse DNS names of the linked rows' sources
    };

    explicit MailDetailView(QWidget *parent = nullptr);

    void show(const Content &content);
    void clear();
    TableView *hopTable() const { return m_hops; }
    TableView *fieldTable() const { return m_fields; }
    TableView *linkTable() const { return m_links; }
    ReceivedHopModel *hopModel() const { return m_hopModel; }

Q_SIGNALS:
    // A linked row was activated (double-click, Enter): show its source.
    void sourceActivated(const QString &ip);

private:
    FieldListModel *m_fieldModel;
    TableView *m_fields;
    ReceivedHopModel *m_hopModel;
    TableView *m_hops;
    QPlainTextEdit *m_headers;
    LinkedRowModel *m_linkModel;
    TableView *m_links;
    QLabel *m_linksTitle;
};
