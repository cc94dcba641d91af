#pragma once

#include "models/preferences/preferences.h"

#include <QPalette>

namespace binnacle {

// The application's look: the platform's own style and palette ("Follow the system"), or Qt's Fusion style with a
// light or a dark palette chosen in Preferences. Widgets that draw with their own colours (the YAML editor, the
// terminal, the log view, status colours) read the palette and follow its PaletteChange.
class AppTheme final
{
public:
    AppTheme() = delete;

    // Call once the QApplication exists; the first call remembers the system's style and palette to return to.
    static void apply(Preferences::Theme theme);
    static QPalette lightPalette();
    static QPalette darkPalette();
};

} // namespace binnacle
