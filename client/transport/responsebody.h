#pragma once

#include "client/core/result.h"
#include "client/transport/apicall.h"

#include <QJsonObject>

namespace binnacle {

// Reading a successful answer's body, and saying what came back when it is not what we asked for: a login page
// behind a redirect, a proxy's HTML, a truncated body. The words name the status, the content type, the size and
// the first characters (ApiResponse::preview, which the transport made free of credentials), never the body whole.
class ResponseBody final
{
public:
    // The body as one JSON object; anything else is a Parse error saying what `what` ("the discovery document")
    // turned out to be.
    static Result<QJsonObject> object(const ApiResponse &response, const QString &what);

    // A LIST page: a JSON object that is a list (`items`) or a Table (`rows`). A JSON object of any other shape is
    // an error too: read as a list it would be one object with an empty key, and replace the whole cache.
    static Result<QJsonObject> list(const ApiResponse &response);

    // "302 (text/html, 1234 bytes, redirect to https://login.example.com/sso): <html><head>…"
    static QString describe(const ApiResponse &response);

    static constexpr int PreviewChars = 160;
    // A short, single-line, printable excerpt of `body`: every value in `secrets` is blanked, and so is whatever
    // looks like a credential (an Authorization header, a bearer or basic token, a JWT).
    static QString preview(const QByteArray &body, const QList<QByteArray> &secrets = {}, int maxChars = PreviewChars);

private:
    static Error unreadable(const ApiResponse &response, const QString &what, const QString &why);
};

} // namespace binnacle
