#pragma once
// Colours and sizes of a lesson frame. The high-contrast theme is for projectors in bright rooms.
#include <QColor>

namespace cs::core {

struct Theme {
    QColor background{250, 250, 248};
    QColor text{30, 30, 30};
    QColor muted_text{110, 110, 110};
    QColor grid_line{170, 170, 170};
    QColor padding_fill{232, 232, 240};
    QColor padding_text{110, 110, 150};
    QColor empty_fill{240, 240, 240};
    QColor window{230, 120, 0};    // the kernel window and its output cell
    QColor selected{200, 30, 60};  // max pooling's winner
    QColor panel_fill{255, 255, 255};
    QColor positive{180, 4, 38};
    QColor negative{59, 76, 192};
    double font_scale = 1.0;  // presenter mode enlarges text and numbers

    static Theme standard() { return Theme{}; }
    static Theme high_contrast() {
        Theme t;
        t.background = QColor(0, 0, 0);
        t.text = QColor(255, 255, 255);
        t.muted_text = QColor(220, 220, 220);
        t.grid_line = QColor(200, 200, 200);
        t.padding_fill = QColor(40, 40, 90);
        t.padding_text = QColor(200, 200, 255);
        t.empty_fill = QColor(25, 25, 25);
        t.window = QColor(255, 220, 0);
        t.selected = QColor(0, 255, 120);
        t.panel_fill = QColor(15, 15, 15);
        t.positive = QColor(255, 110, 110);
        t.negative = QColor(120, 170, 255);
        return t;
    }
};

}  // namespace cs::core
