#include "emptystatewidget.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

EmptyStateWidget::EmptyStateWidget(QWidget *parent)
    : QWidget(parent)
{
    auto *title = new QLabel(tr("No DMARC reports yet"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);

    auto *text = new QLabel(
        tr("Drop aggregate reports (.xml, .xml.gz, .zip), the mails that carry them (.eml, mbox, "
           "Maildir) or folders of them anywhere on this window, or open them from the File "
           "menu.\nOr connect the mailbox your reports are sent to (your rua and ruf addresses): "
           "new reports then arrive by themselves.\nTo see what DMARC Scope shows, load the "
           "sample scenario: a domain with p=reject abused by a spam campaign."),
        this);
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignCenter);
    // A word-wrapped label gets its height for its width only without a layout alignment: centre
    // it between stretches instead, at a readable measure.
    text->setMinimumWidth(fontMetrics().averageCharWidth() * 72);
    text->setMaximumWidth(fontMetrics().averageCharWidth() * 90);
    auto *textRow = new QHBoxLayout;
    textRow->addStretch();
    textRow->addWidget(text);
    textRow->addStretch();

    auto *openFiles = new QPushButton(tr("&Open Reports…"), this);
    auto *openFolder = new QPushButton(tr("Open &Folder…"), this);
    auto *sample = new QPushButton(tr("Load &Sample Scenario"), this);
    auto *mailbox = new QPushButton(tr("&Connect a Mailbox…"), this);
    mailbox->setToolTip(tr("Read the reports, bounces and failure reports in your rua/ruf mailbox "
                           "over IMAP"));
    connect(mailbox, &QPushButton::clicked, this, &EmptyStateWidget::connectMailboxRequested);
    connect(openFiles, &QPushButton::clicked, this, &EmptyStateWidget::openFilesRequested);
    connect(openFolder, &QPushButton::clicked, this, &EmptyStateWidget::openFolderRequested);
    connect(sample, &QPushButton::clicked, this, &EmptyStateWidget::sampleRequested);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(openFiles);
    buttons->addWidget(openFolder);
    buttons->addWidget(mailbox);
    buttons->addWidget(sample);
    buttons->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1); // a third above, two thirds below: the eye's resting place
    layout->addWidget(title);
    layout->addSpacing(12);
    layout->addLayout(textRow);
    layout->addSpacing(18);
    layout->addLayout(buttons);
    layout->addStretch(2);
}
