#include "engine/video_writer.hpp"

#include <filesystem>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "engine/error.hpp"
#include "engine/safe_file.hpp"

namespace cs {

struct VideoWriter::Impl {
    // The video is written beside the target under a temporary name and renamed over it only
    // once it reads back whole: a full disk or a cancelled export never leaves a file that
    // does not play where the old one was.
    std::unique_ptr<ReplacementFile> file;
    cv::VideoWriter writer;
    int width = 0;
    int height = 0;
    int64_t frames = 0;
};

VideoWriter::VideoWriter(const std::string& path, int width, int height, double fps)
    : impl_(std::make_unique<Impl>()) {
    require(width > 0 && height > 0 && width % 2 == 0 && height % 2 == 0,
            "video frames need an even width and height, got " + std::to_string(width) + "×" +
                std::to_string(height));
    const std::string ext = std::filesystem::path(path).extension().string();
    require(ext == ".mp4" || ext == ".avi" || ext == ".MP4" || ext == ".AVI",
            "cannot write the video \"" + path + "\": use the file type .mp4 or .avi");
    // Creating the temporary file first tells a missing or read-only folder apart from a
    // missing codec.
    impl_->file = std::make_unique<ReplacementFile>(path, "the video");
    // mp4v plays in common players and is in every OpenCV build with FFmpeg; MJPG for .avi.
    const int fourcc = ext == ".avi" || ext == ".AVI" ? cv::VideoWriter::fourcc('M', 'J', 'P', 'G')
                                                      : cv::VideoWriter::fourcc('m', 'p', '4', 'v');
    impl_->writer.open(impl_->file->temporary_path(), fourcc, fps, cv::Size(width, height));
    require(impl_->writer.isOpened(),
            "cannot write the video \"" + path + "\": this OpenCV has no codec for " + ext);
    impl_->width = width;
    impl_->height = height;
}

VideoWriter::~VideoWriter() = default;

void VideoWriter::write_rgb(const uint8_t* rgb, int64_t stride) {
    require(impl_->file != nullptr, "VideoWriter::write_rgb after close");
    const cv::Mat frame(impl_->height, impl_->width, CV_8UC3, const_cast<uint8_t*>(rgb),
                        static_cast<size_t>(stride));
    cv::Mat bgr;
    cv::cvtColor(frame, bgr, cv::COLOR_RGB2BGR);
    impl_->writer.write(bgr);
    ++impl_->frames;
}

int64_t VideoWriter::close() {
    if (impl_->file == nullptr) {
        return impl_->frames;
    }
    impl_->writer.release();
    // OpenCV's writer reports no write errors: read the file back to know it is whole.
    cv::VideoCapture check(impl_->file->temporary_path(), cv::CAP_FFMPEG);
    const auto readable =
        check.isOpened() ? static_cast<int64_t>(check.get(cv::CAP_PROP_FRAME_COUNT)) : int64_t{-1};
    check.release();
    std::unique_ptr<ReplacementFile> file = std::move(impl_->file);
    require(readable == impl_->frames,
            "cannot save the video: the file written holds " +
                std::to_string(std::max<int64_t>(readable, 0)) + " of " +
                std::to_string(impl_->frames) +
                " frames (is the disk full?). The previous file, if any, was kept unchanged");
    file->commit();
    return impl_->frames;
}

}  // namespace cs
