#include "engine/jpeg_check.hpp"

#include <csetjmp>
#include <cstdio>  // before jpeglib.h, which uses FILE

#include <jerror.h>
#include <jpeglib.h>

namespace cs {
namespace {

// libjpeg calls back with a pointer to `manager`, the first member.
struct ErrorState {
    jpeg_error_mgr manager;
    std::jmp_buf jump;
    int truncations;
    char message[JMSG_LENGTH_MAX];
};

[[noreturn]] void on_error(j_common_ptr info) {
    auto* state = reinterpret_cast<ErrorState*>(info->err);
    (*info->err->format_message)(info, state->message);
    std::longjmp(state->jump, 1);
}

// level < 0: a warning (corrupt data, decoded anyway); ≥ 0: trace messages.
void on_message(j_common_ptr info, int level) {
    if (level >= 0) {
        return;
    }
    auto* state = reinterpret_cast<ErrorState*>(info->err);
    ++info->err->num_warnings;
    const int code = info->err->msg_code;
    if (code == JWRN_HIT_MARKER || code == JWRN_JPEG_EOF) {
        ++state->truncations;
    }
}

enum class Outcome { done, error, size_differs };

// Plain C from here on: longjmp must not skip any C++ destructor.
Outcome run_libjpeg(const uint8_t* data, size_t size, JDIMENSION width, JDIMENSION height,
                    ErrorState& state) {
    jpeg_decompress_struct info;
    info.err = jpeg_std_error(&state.manager);
    state.manager.error_exit = on_error;
    state.manager.emit_message = on_message;
    state.truncations = 0;
    state.message[0] = '\0';
    if (setjmp(state.jump) != 0) {
        jpeg_destroy_decompress(&info);
        return Outcome::error;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, static_cast<unsigned long>(size));
    jpeg_read_header(&info, TRUE);
    if (info.image_width != width || info.image_height != height) {
        jpeg_destroy_decompress(&info);
        return Outcome::size_differs;
    }
    // The entropy decoding is the same at every scale; 1/8 leaves only the DC term to
    // transform and a tiny output.
    info.scale_num = 1;
    info.scale_denom = 8;
    info.dct_method = JDCT_IFAST;
    info.do_fancy_upsampling = FALSE;
    info.do_block_smoothing = FALSE;
    jpeg_start_decompress(&info);
    JSAMPARRAY row = (*info.mem->alloc_sarray)(reinterpret_cast<j_common_ptr>(&info), JPOOL_IMAGE,
                                               info.output_width * info.output_components, 1);
    while (info.output_scanline < info.output_height) {
        jpeg_read_scanlines(&info, row, 1);
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    return Outcome::done;
}

}  // namespace

JpegDataCheck check_jpeg_data(const std::vector<uint8_t>& bytes, int64_t width, int64_t height) {
    ErrorState state{};
    const Outcome outcome = run_libjpeg(bytes.data(), bytes.size(), static_cast<JDIMENSION>(width),
                                        static_cast<JDIMENSION>(height), state);
    JpegDataCheck check;
    check.readable = outcome != Outcome::error;
    check.size_differs = outcome == Outcome::size_differs;
    check.truncated = state.truncations > 0;
    check.error = state.message;
    return check;
}

}  // namespace cs
