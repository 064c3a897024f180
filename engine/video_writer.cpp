#include "engine/video_writer.hpp"

#include <filesystem>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "engine/error.hpp"

namespace cs {

struct VideoWriter::Impl {
    cv::VideoWriter writer;
    int width = 0;
    int height = 0;
};

VideoWriter::VideoWriter(const std::string& path, int width, int height, double fps)
    : impl_(std::make_unique<Impl>()) {
    require(width > 0 && height > 0 && width % 2 == 0 && height % 2 == 0,
            "video frames need an even width and height, got " + std::to_string(width) + "×" +
                std::to_string(height));
    const std::string ext = std::filesystem::path(path).extension().string();
    // mp4v plays in common players and is in every OpenCV build with FFmpeg; MJPG for .avi.
    const int fourcc = ext == ".avi" ? cv::VideoWriter::fourcc('M', 'J', 'P', 'G')
                                     : cv::VideoWriter::fourcc('m', 'p', '4', 'v');
    impl_->writer.open(path, fourcc, fps, cv::Size(width, height));
    require(impl_->writer.isOpened(), "cannot write the video \"" + path +
                                          "\": no codec for this file type (use .mp4 or .avi)");
    impl_->width = width;
    impl_->height = height;
}

VideoWriter::~VideoWriter() = default;

void VideoWriter::write_rgb(const uint8_t* rgb, int64_t stride) {
    const cv::Mat frame(impl_->height, impl_->width, CV_8UC3, const_cast<uint8_t*>(rgb),
                        static_cast<size_t>(stride));
    cv::Mat bgr;
    cv::cvtColor(frame, bgr, cv::COLOR_RGB2BGR);
    impl_->writer.write(bgr);
}

void VideoWriter::close() {
    impl_->writer.release();
}

}  // namespace cs
