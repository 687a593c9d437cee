#pragma once

#include "maildetailview.h"

#include <QWidget>

#include <functional>

class MailFilterProxy;
class QAbstractItemModel;
class QComboBox;
class QLabel;
class QLineEdit;
class QStackedWidget;
class TableView;

// A list of mail notices (bounces, failure reports) with a text filter and a category filter
// above it and a MailDetailView below. What a row shows in detail comes from `describe`, given
// the row's index in the page's model.
class MailListPage : public QWidget
{
    Q_OBJECT
public:
    struct Texts
    {
        QString filterPlaceholder;
        QString allCategories; // "All reasons"
        QString empty; // what to say while there is nothing to list
        QString exportName; // CSV file name stem
    };
    using Describe = std::function<MailDetailView::Content(int sourceRow)>;

    MailListPage(QAbstractItemModel *model, const Texts &texts, Describe describe,
        QWidget *parent = nullptr);

    TableView *table() const { return m_table; }
    MailDetailView *detail() const { return m_detail; }
    MailFilterProxy *filter() const { return m_filter; }
    QLineEdit *filterEdit() const { return m_filterEdit; }
    QComboBox *categoryBox() const { return m_category; }
    // Selects the notice with this store id (IdRole), clearing filters that hide it. False if
    // the list does not hold it.
    bool selectMail(qint64 mailRef);

private:
    void updateCategories();
    void showCurrent();

    QAbstractItemModel *m_model;
    Texts m_texts;
    Describe m_describe;
    MailFilterProxy *m_filter;
    QLineEdit *m_filterEdit;
    QComboBox *m_category;
    QStackedWidget *m_stack;
    QLabel *m_empty;
    TableView *m_table;
    MailDetailView *m_detail;
};
