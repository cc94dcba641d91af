#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QtGlobal>

namespace binnacle::testing {

// Any JSON value, scalars included, from its text (tests write expectations as JSON literals).
inline QJsonValue json(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson("[" + text + "]", &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad JSON in test: %s", text.constData());
    return document.array().at(0);
}

// A JSON value as compact text, for readable comparisons.
inline QByteArray compact(const QJsonValue &value)
{
    return QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact).chopped(1).sliced(1);
}

} // namespace binnacle::testing
