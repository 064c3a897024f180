<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>FramePainter</name>
    <message>
        <source>channel %1: %2 = %3</source>
        <translation>通道 %1：%2 = %3</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>Output size: </source>
        <translation>输出尺寸：</translation>
    </message>
    <message>
        <source>channel %1</source>
        <translation>通道 %1</translation>
    </message>
    <message>
        <source>output channel %1 of %2</source>
        <translation>输出通道 %1（共 %2 个）</translation>
    </message>
    <message>
        <source>These parameters do not work together:</source>
        <translation>这些参数无法一起使用：</translation>
    </message>
    <message>
        <source>Step %1: %2</source>
        <translation>第 %1 步：%2</translation>
    </message>
    <message>
        <source>height: %1</source>
        <translation>高度：%1</translation>
    </message>
    <message>
        <source>width: %1</source>
        <translation>宽度：%1</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>&lt;h3&gt;ConvScope %1&lt;/h3&gt;&lt;p&gt;See how convolutional networks compute, step by step.&lt;/p&gt;&lt;p&gt;Qt %2 · OpenCV %3 · oneTBB %4&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ConvScope %1&lt;/h3&gt;&lt;p&gt;一步一步看懂卷积神经网络如何计算。&lt;/p&gt;&lt;p&gt;Qt %2 · OpenCV %3 · oneTBB %4&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>cs::core::LessonController</name>
    <message>
        <source>Set %1 to %2</source>
        <translation>将 %1 设为 %2</translation>
    </message>
    <message>
        <source>Edit kernel weight</source>
        <translation>编辑卷积核权重</translation>
    </message>
    <message>
        <source>Edit input value</source>
        <translation>编辑输入值</translation>
    </message>
    <message>
        <source>Edit bias</source>
        <translation>编辑偏置</translation>
    </message>
    <message>
        <source>Add bias</source>
        <translation>添加偏置</translation>
    </message>
    <message>
        <source>Remove bias</source>
        <translation>移除偏置</translation>
    </message>
    <message>
        <source>Apply kernel preset %1</source>
        <translation>应用卷积核预设 %1</translation>
    </message>
    <message>
        <source>Set kernel size to %1×%2</source>
        <translation>将卷积核大小设为 %1×%2</translation>
    </message>
    <message>
        <source>Set channels to %1 in, %2 out</source>
        <translation>将通道数设为输入 %1、输出 %2</translation>
    </message>
    <message>
        <source>Set input size to %1×%2</source>
        <translation>将输入大小设为 %1×%2</translation>
    </message>
</context>
<context>
    <name>cs::core::PipelineController</name>
    <message>
        <source>layer %1 (%2)</source>
        <translation>第 %1 层（%2）</translation>
    </message>
    <message>
        <source>Add layer</source>
        <translation>添加层</translation>
    </message>
    <message>
        <source>A pipeline can have at most %1 layers.</source>
        <translation>一个流水线最多可以有 %1 层。</translation>
    </message>
    <message>
        <source>Add %1</source>
        <translation>添加 %1</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>删除%1</translation>
    </message>
    <message>
        <source>Move %1 up</source>
        <translation>将%1上移</translation>
    </message>
    <message>
        <source>Move %1 down</source>
        <translation>将%1下移</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Change the input</source>
        <translation>更改输入</translation>
    </message>
    <message>
        <source>Cannot open the image</source>
        <translation>无法打开图像</translation>
    </message>
    <message>
        <source>Cannot use the image</source>
        <translation>无法使用该图像</translation>
    </message>
    <message>
        <source>Cannot open the pipeline</source>
        <translation>无法打开流水线</translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation>无法读取 %1。</translation>
    </message>
    <message>
        <source>%1 is too large for a pipeline.</source>
        <translation>%1 作为流水线文件太大。</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>打开 %1</translation>
    </message>
    <message>
        <source>Cannot save the pipeline</source>
        <translation>无法保存流水线</translation>
    </message>
    <message>
        <source>Cannot compute the feature maps</source>
        <translation>无法计算特征图</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>There are no feature maps to export yet.</source>
        <translation>还没有可导出的特征图。</translation>
    </message>
    <message>
        <source>Saved the contact sheet %1</source>
        <translation>已保存缩略图总览 %1</translation>
    </message>
    <message>
        <source>Saved %1 feature maps in %2</source>
        <translation>已将 %1 张特征图保存到 %2</translation>
    </message>
</context>
<context>
    <name>cs::core::PipelineModel</name>
    <message>
        <source>✗ does not fit</source>
        <translation>✗ 无法计算</translation>
    </message>
    <message>
        <source>(after an error)</source>
        <translation>（位于出错的层之后）</translation>
    </message>
    <message>
        <source>Output %1
%2
Parameters: %3
Receptive field: %4</source>
        <translation>输出 %1
%2
参数：%3
感受野：%4</translation>
    </message>
    <message>
        <source>the whole input</source>
        <translation>整个输入</translation>
    </message>
    <message>
        <source>%1 parameters</source>
        <translation>%1 个参数</translation>
    </message>
</context>
<context>
    <name>cs::gui::FeatureMapGrid</name>
    <message>
        <source>Computing the feature maps…</source>
        <translation>正在计算特征图…</translation>
    </message>
    <message>
        <source>Open an image to see its feature maps.</source>
        <translation>打开一张图像以查看其特征图。</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>L%1 c%2</source>
        <translation>第%1层 通道%2</translation>
    </message>
    <message>
        <source>c%1</source>
        <translation>通道%1</translation>
    </message>
    <message>
        <source>+%1 more</source>
        <translation>还有 %1 个</translation>
    </message>
    <message>
        <source>input (%1, %2)</source>
        <translation>输入 (%1, %2)</translation>
    </message>
    <message>
        <source>layer %1, channel %2, (%3, %4) = %5</source>
        <translation>第 %1 层，通道 %2，(%3, %4) = %5</translation>
    </message>
    <message>
        <source>layer %1, channel %2, (%3, %4) ≈ %5 (mean of the thumbnail pixel)</source>
        <translation>第 %1 层，通道 %2，(%3, %4) ≈ %5（缩略图像素的平均值）</translation>
    </message>
</context>
<context>
    <name>cs::gui::FeatureMapViewer</name>
    <message>
        <source>Computing the feature maps…</source>
        <translation>正在计算特征图…</translation>
    </message>
    <message>
        <source>Open an image to see its feature maps.</source>
        <translation>打开一张图像以查看其特征图。</translation>
    </message>
    <message>
        <source>input (%1, %2)</source>
        <translation>输入 (%1, %2)</translation>
    </message>
    <message>
        <source>layer %1, channel %2, (%3, %4) = %5</source>
        <translation>第 %1 层，通道 %2，(%3, %4) = %5</translation>
    </message>
    <message>
        <source>layer %1, channel %2, (%3, %4) ≈ %5 (mean of the thumbnail pixel)</source>
        <translation>第 %1 层，通道 %2，(%3, %4) ≈ %5（缩略图像素的平均值）</translation>
    </message>
</context>
<context>
    <name>cs::gui::ImageModeView</name>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Output feature map</source>
        <translation>输出特征图</translation>
    </message>
    <message>
        <source>output (%1, %2) = %3</source>
        <translation>输出 (%1, %2) = %3</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>Computing the feature map…</source>
        <translation>正在计算特征图…</translation>
    </message>
    <message>
        <source>Output %1</source>
        <translation>输出 %1</translation>
    </message>
    <message>
        <source>Colormap</source>
        <translation>色彩映射</translation>
    </message>
    <message>
        <source>Normalisation</source>
        <translation>归一化</translation>
    </message>
    <message>
        <source>Output channel</source>
        <translation>输出通道</translation>
    </message>
    <message>
        <source>symmetric around zero</source>
        <translation>以零为中心对称</translation>
    </message>
    <message>
        <source>min–max</source>
        <translation>最小–最大</translation>
    </message>
</context>
<context>
    <name>cs::gui::KernelEditor</name>
    <message>
        <source>Slice (out, in)</source>
        <translation>切片（输出，输入）</translation>
    </message>
    <message>
        <source>Output channel: which kernel</source>
        <translation>输出通道：哪个卷积核</translation>
    </message>
    <message>
        <source>Input channel: which slice of the 3-D kernel</source>
        <translation>输入通道：三维卷积核的哪个切片</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
</context>
<context>
    <name>cs::gui::LessonCanvas</name>
    <message>
        <source>Input value</source>
        <translation>输入值</translation>
    </message>
    <message>
        <source>Value of input cell (%1, %2):</source>
        <translation>输入格 (%1, %2) 的值：</translation>
    </message>
    <message>
        <source>output (%1, %2) = %3</source>
        <translation>输出 (%1, %2) = %3</translation>
    </message>
    <message>
        <source>input cell (%1, %2), channel %3</source>
        <translation>输入格 (%1, %2)，通道 %3</translation>
    </message>
</context>
<context>
    <name>cs::gui::MainWindow</name>
    <message>
        <source>Open Image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.pgm *.ppm *.pbm *.gif);;All files (*)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.pgm *.ppm *.pbm *.gif);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open Lesson</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <source>ConvScope lessons (*.json)</source>
        <translation>ConvScope 课程 (*.json)</translation>
    </message>
    <message>
        <source>Save Lesson</source>
        <translation>保存课程</translation>
    </message>
    <message>
        <source>About ConvScope</source>
        <translation>关于 ConvScope</translation>
    </message>
    <message>
        <source>ConvScope</source>
        <translation>ConvScope</translation>
    </message>
    <message>
        <source>ConvScope — %1</source>
        <translation>ConvScope — %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>最近打开</translation>
    </message>
    <message>
        <source>Colormap</source>
        <translation>色彩映射</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Open &amp;Image…</source>
        <translation>打开图像(&amp;I)…</translation>
    </message>
    <message>
        <source>Open &amp;Lesson…</source>
        <translation>打开课程(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Save Lesson…</source>
        <translation>保存课程(&amp;S)…</translation>
    </message>
    <message>
        <source>Export Frame as PNG…</source>
        <translation>导出当前画面为 PNG…</translation>
    </message>
    <message>
        <source>Export Animation…</source>
        <translation>导出动画…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Paste Image</source>
        <translation>粘贴图像(&amp;P)</translation>
    </message>
    <message>
        <source>Copy PyTorch Code</source>
        <translation>复制 PyTorch 代码</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>Show &amp;Values</source>
        <translation>显示数值(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Image Mode</source>
        <translation>图像模式(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Presenter Mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;High Contrast</source>
        <translation>高对比度(&amp;H)</translation>
    </message>
    <message>
        <source>Play / Pause</source>
        <translation>播放 / 暂停</translation>
    </message>
    <message>
        <source>Step Forward</source>
        <translation>前进一步</translation>
    </message>
    <message>
        <source>Step Back</source>
        <translation>后退一步</translation>
    </message>
    <message>
        <source>To Start</source>
        <translation>回到开头</translation>
    </message>
    <message>
        <source>To End</source>
        <translation>跳到结尾</translation>
    </message>
    <message>
        <source>&amp;About ConvScope</source>
        <translation>关于 ConvScope(&amp;A)</translation>
    </message>
    <message>
        <source>Diverging (blue–white–red)</source>
        <translation>发散（蓝–白–红）</translation>
    </message>
    <message>
        <source>Gray</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>Viridis</source>
        <translation>Viridis</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>PyTorch</source>
        <translation>PyTorch</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Invalid parameters: %1</source>
        <translation>参数无效：%1</translation>
    </message>
    <message>
        <source>%1: input %2 → output %3 · step %4 of %5</source>
        <translation>%1：输入 %2 → 输出 %3 · 第 %4 步，共 %5 步</translation>
    </message>
    <message>
        <source>Image mode</source>
        <translation>图像模式</translation>
    </message>
    <message>
        <source>Open an image first (File › Open Image…, drag one onto the window, or paste one).</source>
        <translation>请先打开一张图像（文件 › 打开图像…，拖放到窗口上，或粘贴）。</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>Cannot open the image</source>
        <translation>无法打开图像</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>Cannot open the lesson</source>
        <translation>无法打开课程</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Cannot save the lesson</source>
        <translation>无法保存课程</translation>
    </message>
    <message>
        <source>Clear Recent</source>
        <translation>清除最近打开</translation>
    </message>
    <message>
        <source>Paste Image</source>
        <translation>粘贴图像</translation>
    </message>
    <message>
        <source>The clipboard holds no image.</source>
        <translation>剪贴板中没有图像。</translation>
    </message>
    <message>
        <source>pasted image</source>
        <translation>粘贴的图像</translation>
    </message>
    <message>
        <source>Export Frame as PNG</source>
        <translation>导出当前画面为 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Export Frame</source>
        <translation>导出画面</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Export Animation</source>
        <translation>导出动画</translation>
    </message>
    <message>
        <source>Video (*.mp4 *.avi);;PNG frames in a folder (*)</source>
        <translation>视频 (*.mp4 *.avi);;文件夹中的 PNG 帧 (*)</translation>
    </message>
    <message>
        <source>Rendering the animation…</source>
        <translation>正在渲染动画…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Wrote %1 frames to %2</source>
        <translation>已将 %1 帧写入 %2</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>特征图实验室</translation>
    </message>
</context>
<context>
    <name>cs::gui::ParameterPanel</name>
    <message>
        <source>Input size</source>
        <translation>输入大小</translation>
    </message>
    <message>
        <source>Input channels</source>
        <translation>输入通道数</translation>
    </message>
    <message>
        <source>Output channels</source>
        <translation>输出通道数</translation>
    </message>
    <message>
        <source>Kernel size</source>
        <translation>卷积核大小</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>步幅</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>Padding mode</source>
        <translation>填充模式</translation>
    </message>
    <message>
        <source>Dilation</source>
        <translation>膨胀率</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>分组数</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>Flip kernel</source>
        <translation>翻转卷积核</translation>
    </message>
    <message>
        <source>numbers</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>same</source>
        <translation>same（保持尺寸）</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>valid（不填充）</translation>
    </message>
    <message>
        <source>true convolution (kernel rotated 180°)</source>
        <translation>真正的卷积（卷积核旋转 180°）</translation>
    </message>
    <message>
        <source>Off: cross-correlation, as deep-learning frameworks compute it. On: mathematical convolution, the kernel rotated by 180°.</source>
        <translation>关闭：互相关，即深度学习框架实际计算的运算。打开：数学意义上的卷积，卷积核旋转 180°。</translation>
    </message>
    <message>
        <source>add a bias per output channel</source>
        <translation>每个输出通道加一个偏置</translation>
    </message>
    <message>
        <source>Output size:</source>
        <translation>输出尺寸：</translation>
    </message>
</context>
<context>
    <name>cs::gui::PlaybackBar</name>
    <message>
        <source>To start (Home)</source>
        <translation>回到开头 (Home)</translation>
    </message>
    <message>
        <source>Step back (←)</source>
        <translation>后退一步 (←)</translation>
    </message>
    <message>
        <source>Step forward (→)</source>
        <translation>前进一步 (→)</translation>
    </message>
    <message>
        <source>To end (End)</source>
        <translation>跳到结尾 (End)</translation>
    </message>
    <message>
        <source>Steps/s</source>
        <translation>步/秒</translation>
    </message>
    <message>
        <source>Pause (Space)</source>
        <translation>暂停 (空格)</translation>
    </message>
    <message>
        <source>Play (Space)</source>
        <translation>播放 (空格)</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <source>No steps</source>
        <translation>没有步骤</translation>
    </message>
</context>
<context>
    <name>cs::gui::PlaygroundLayerEditor</name>
    <message>
        <source>en</source>
        <comment>language code of the UI</comment>
        <translation>zh</translation>
    </message>
    <message>
        <source>out</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>in</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Kernel shown</source>
        <translation>显示的卷积核</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Select a layer to edit it.</source>
        <translation>选择一层以编辑它。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Layer %1: %2&lt;/b&gt;</source>
        <translation>&lt;b&gt;第 %1 层：%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>out_features</source>
        <translation>out_features（输出特征数）</translation>
    </message>
    <message>
        <source>out_channels</source>
        <translation>out_channels（输出通道数）</translation>
    </message>
    <message>
        <source>kernel height</source>
        <translation>卷积核高度</translation>
    </message>
    <message>
        <source>kernel width</source>
        <translation>卷积核宽度</translation>
    </message>
    <message>
        <source>stride</source>
        <translation>stride（步幅）</translation>
    </message>
    <message>
        <source>padding</source>
        <translation>padding（填充）</translation>
    </message>
    <message>
        <source>output_padding</source>
        <translation>output_padding（输出填充）</translation>
    </message>
    <message>
        <source>dilation</source>
        <translation>dilation（膨胀）</translation>
    </message>
    <message>
        <source>groups</source>
        <translation>groups（分组）</translation>
    </message>
    <message>
        <source>padding_mode</source>
        <translation>padding_mode（填充方式）</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>random (PyTorch's default)</source>
        <translation>随机（PyTorch 默认初始化）</translation>
    </message>
    <message>
        <source>kernel presets</source>
        <translation>卷积核预设</translation>
    </message>
    <message>
        <source>stored values</source>
        <translation>保存的数值</translation>
    </message>
    <message>
        <source>weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>initialisation</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>channel %1</source>
        <translation>通道 %1</translation>
    </message>
    <message>
        <source>kernel preset</source>
        <translation>卷积核预设</translation>
    </message>
    <message>
        <source>kernel_size</source>
        <translation>kernel_size（窗口大小）</translation>
    </message>
    <message>
        <source>norm_type</source>
        <translation>norm_type（范数 p）</translation>
    </message>
    <message>
        <source>ceil_mode</source>
        <translation>ceil_mode（向上取整）</translation>
    </message>
    <message>
        <source>count_include_pad</source>
        <translation>count_include_pad（计入填充）</translation>
    </message>
    <message>
        <source>negative_slope</source>
        <translation>negative_slope（负斜率）</translation>
    </message>
    <message>
        <source>mode</source>
        <translation>mode（插值方式）</translation>
    </message>
    <message>
        <source>scale_factor</source>
        <translation>scale_factor（缩放倍数）</translation>
    </message>
    <message>
        <source>start_dim</source>
        <translation>start_dim（起始维度）</translation>
    </message>
    <message>
        <source>dim</source>
        <translation>dim（维度）</translation>
    </message>
    <message>
        <source>This layer has no parameters.</source>
        <translation>这一层没有参数。</translation>
    </message>
</context>
<context>
    <name>cs::gui::PlaygroundView</name>
    <message>
        <source>en</source>
        <comment>language code of the UI</comment>
        <translation>zh</translation>
    </message>
    <message>
        <source>Open Pipeline</source>
        <translation>打开流水线</translation>
    </message>
    <message>
        <source>ConvScope pipelines (*.json)</source>
        <translation>ConvScope 流水线 (*.json)</translation>
    </message>
    <message>
        <source>Save Pipeline</source>
        <translation>保存流水线</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp);;All files (*)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Shipped pipelines…</source>
        <translation>内置流水线…</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Open Image…</source>
        <translation>打开图像…</translation>
    </message>
    <message>
        <source>Use the main window's image</source>
        <translation>使用主窗口的图像</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Maps of the selected layer</source>
        <translation>所选层的特征图</translation>
    </message>
    <message>
        <source>Maps of all layers</source>
        <translation>所有层的特征图</translation>
    </message>
    <message>
        <source>Gray</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>Diverging (blue–white–red)</source>
        <translation>发散（蓝–白–红）</translation>
    </message>
    <message>
        <source>Viridis</source>
        <translation>Viridis</translation>
    </message>
    <message>
        <source>Each map on its own scale</source>
        <translation>每张图单独归一化</translation>
    </message>
    <message>
        <source>One scale for the layer</source>
        <translation>整层统一归一化</translation>
    </message>
    <message>
        <source>Export Maps…</source>
        <translation>导出特征图…</translation>
    </message>
    <message>
        <source>Export Contact Sheet…</source>
        <translation>导出缩略图总览…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Layers&lt;/b&gt; (hover a layer for its formulas)</source>
        <translation>&lt;b&gt;层&lt;/b&gt;（鼠标悬停查看公式）</translation>
    </message>
    <message>
        <source>Add Layer</source>
        <translation>添加层</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>resize to</source>
        <translation>缩放到</translation>
    </message>
    <message>
        <source>channels as the image</source>
        <translation>通道数与图像相同</translation>
    </message>
    <message>
        <source>gray (1 channel)</source>
        <translation>灰度（1 个通道）</translation>
    </message>
    <message>
        <source>RGB (3 channels)</source>
        <translation>RGB（3 个通道）</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Untitled pipeline</source>
        <translation>未命名流水线</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Input: %2 → %3 · %4 parameters</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;输入：%2 → %3 · %4 个参数</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;No image yet: open one, or open one in the main window.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;还没有图像：请打开一张，或在主窗口中打开。</translation>
    </message>
    <message>
        <source>✗ %1</source>
        <translation>✗ %1</translation>
    </message>
    <message>
        <source>Preview at %1 · computing full resolution…</source>
        <translation>%1 的预览 · 正在计算全分辨率…</translation>
    </message>
    <message>
        <source>%1 · %2 ms</source>
        <translation>%1 · %2 毫秒</translation>
    </message>
    <message>
        <source>Layer %1 → %2 · shape: %3 · parameters: %4</source>
        <translation>第 %1 层 → %2 · 形状：%3 · 参数：%4</translation>
    </message>
    <message>
        <source>Click a pixel of any feature map to outline its receptive field.</source>
        <translation>点击任意特征图中的像素，即可标出它的感受野。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Receptive field&lt;/b&gt; of layer %1, unit %2: the whole input (%3 × %4 pixels).</source>
        <translation>第 %1 层第 %2 个单元的&lt;b&gt;感受野&lt;/b&gt;：整个输入（%3 × %4 像素）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Receptive field&lt;/b&gt; of layer %1, pixel (%2, %3): %4 × %5 input pixels (%6), rows %7 to %8, columns %9 to %10; %11 × %12 of them inside the image.</source>
        <translation>第 %1 层像素 (%2, %3) 的&lt;b&gt;感受野&lt;/b&gt;：%4 × %5 个输入像素（%6），第 %7 至 %8 行、第 %9 至 %10 列；其中 %11 × %12 个位于图像内。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Select a layer first.</source>
        <translation>请先选择一层。</translation>
    </message>
    <message>
        <source>Export Contact Sheet</source>
        <translation>导出缩略图总览</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Export Maps to Folder</source>
        <translation>将特征图导出到文件夹</translation>
    </message>
</context>
</TS>