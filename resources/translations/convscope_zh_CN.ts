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
        <source>input</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>inserted zero</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>border</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>output_padding</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>height: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>width: %1</source>
        <translation type="unfinished" />
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
    <message>
        <source>Change the operation to %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>cs::gui::ConfusionView</name>
    <message>
        <source>Compute the confusion matrix to see which classes the network mixes up.</source>
        <translation>计算混淆矩阵，看看网络会把哪些类别弄混。</translation>
    </message>
    <message>
        <source>rows: true class · columns: predicted · accuracy %1%</source>
        <translation>行：真实类别 · 列：预测类别 · 精度 %1%</translation>
    </message>
    <message>
        <source>Most confident mistakes (true → predicted); click to look inside</source>
        <translation>最自信的错误（真实 → 预测）；点击查看内部</translation>
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
    <name>cs::gui::InspectPage</name>
    <message>
        <source>Open Photo</source>
        <translation>打开照片</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.webp)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.webp)</translation>
    </message>
    <message>
        <source>Network:</source>
        <translation>网络：</translation>
    </message>
    <message>
        <source>Shipped weights: LeNet with ReLU (modern)</source>
        <translation>自带权重：使用 ReLU 的 LeNet（现代）</translation>
    </message>
    <message>
        <source>Shipped weights: LeNet (d2l, sigmoid)</source>
        <translation>自带权重：LeNet（d2l，sigmoid）</translation>
    </message>
    <message>
        <source>The network on the Train page</source>
        <translation>“训练”页上的网络</translation>
    </message>
    <message>
        <source>Test picture #</source>
        <translation>测试图片 #</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Draw with the mouse, or drop a photo here:</source>
        <translation>用鼠标绘制，或把照片拖到这里：</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Open Photo…</source>
        <translation>打开照片…</translation>
    </message>
    <message>
        <source>Confusion Matrix over the Test Set</source>
        <translation>测试集上的混淆矩阵</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The Fashion-MNIST test pictures are not available (%1); draw or open a photo instead.</source>
        <translation>Fashion-MNIST 测试图片不可用（%1）；请改为绘制或打开照片。</translation>
    </message>
    <message>
        <source>Loading the test pictures…</source>
        <translation>正在加载测试图片…</translation>
    </message>
    <message>
        <source>The photo has a light background, so it was inverted: Fashion-MNIST shows light clothes on black.</source>
        <translation>照片背景较亮，因此已反相：Fashion-MNIST 中是黑底上的浅色衣物。</translation>
    </message>
    <message>
        <source>Cannot open the photo: %1</source>
        <translation>无法打开照片：%1</translation>
    </message>
    <message>
        <source>Prediction: %1 (%2%)</source>
        <translation>预测：%1（%2%）</translation>
    </message>
    <message>
        <source>True class: %1</source>
        <translation>真实类别：%1</translation>
    </message>
    <message>
        <source>What the network sees (28×28)</source>
        <translation>网络看到的图像（28×28）</translation>
    </message>
</context>
<context>
    <name>cs::gui::InspectProbabilities</name>
    <message>
        <source>Class probabilities</source>
        <translation>类别概率</translation>
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
    <message>
        <source>Kernel preset</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>cs::gui::KernelLearningView</name>
    <message>
        <source>Kernel to learn:</source>
        <translation>要学习的卷积核：</translation>
    </message>
    <message>
        <source>d2l 6.2.4: edge detector [1, −1] on a 6×8 image</source>
        <translation>d2l 6.2.4：6×8 图像上的边缘检测器 [1, −1]</translation>
    </message>
    <message>
        <source>Sobel x (3×3) on a photo</source>
        <translation>照片上的 Sobel x（3×3）</translation>
    </message>
    <message>
        <source>Laplacian (3×3) on a photo</source>
        <translation>照片上的拉普拉斯（3×3）</translation>
    </message>
    <message>
        <source>My own 3×3 kernel (edit K) on a photo</source>
        <translation>照片上我自己的 3×3 卷积核（编辑 K）</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>One Epoch</source>
        <translation>一个迭代周期</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>Y is X filtered with the kernel K. Starting from a random kernel K̂, each epoch computes Ŷ = X ⋆ K̂, the squared error between Ŷ and Y, and moves K̂ against its gradient (learning rate %1). K̂ converges to K: the network can learn a filter from examples alone.</source>
        <translation>Y 是 X 经卷积核 K 滤波的结果。从随机卷积核 K̂ 开始，每个迭代周期计算 Ŷ = X ⋆ K̂ 以及 Ŷ 与 Y 的平方误差，并沿梯度反方向移动 K̂（学习率 %1）。K̂ 收敛到 K：网络仅凭样例就能学会一个滤波器。</translation>
    </message>
    <message>
        <source>Type the values of your kernel.</source>
        <translation>输入你的卷积核的数值。</translation>
    </message>
    <message>
        <source>Loss (log scale)</source>
        <translation>损失（对数刻度）</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>迭代周期</translation>
    </message>
    <message>
        <source>epoch %1 · loss %2</source>
        <translation>迭代周期 %1 · 损失 %2</translation>
    </message>
    <message>
        <source>X (input)</source>
        <translation>X（输入）</translation>
    </message>
    <message>
        <source>Y = X ⋆ K (target)</source>
        <translation>Y = X ⋆ K（目标）</translation>
    </message>
    <message>
        <source>Ŷ = X ⋆ K̂ (prediction)</source>
        <translation>Ŷ = X ⋆ K̂（预测）</translation>
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
        <source>Training</source>
        <translation>训练</translation>
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
    <message>
        <source>Operation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Output padding</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ceil mode</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Count padding</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Divisor override</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Norm p</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Negative slope</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>View</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>round the output size up</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>padding cells count in the divisor</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>insert zeros, then convolve</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>scatter: each input stamps the kernel</source>
        <translation type="unfinished" />
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
    <name>cs::gui::PoolBackwardPage</name>
    <message>
        <source>This page shows max or average pooling.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(%1, %2) receives %3 × %4 = %5</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Max pooling sends the whole gradient to the cell that won the window.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Average pooling spreads the gradient evenly: each cell of the window gets gradient / divisor.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Gradient %1 of output (%2, %3): </source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>input X</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>pooled Y</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>upstream gradient ∂L/∂Y</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>∂L/∂X</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>X shifted one pixel right</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>its pooled Y (framed: unchanged)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>After a one-pixel shift, %1 of %2 pooled values stay the same: pooling makes the map a little insensitive to small translations.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>cs::gui::TrainingCharts</name>
    <message>
        <source>Training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>train accuracy</source>
        <translation>训练精度</translation>
    </message>
    <message>
        <source>test accuracy</source>
        <translation>测试精度</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>迭代周期</translation>
    </message>
</context>
<context>
    <name>cs::gui::TrainingPage</name>
    <message>
        <source>Training stopped: %1</source>
        <translation>训练已停止：%1</translation>
    </message>
    <message>
        <source>Network:</source>
        <translation>网络：</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>迭代周期：</translation>
    </message>
    <message>
        <source>Examples per epoch:</source>
        <translation>每个迭代周期的样本数：</translation>
    </message>
    <message>
        <source>all 60,000</source>
        <translation>全部 60,000</translation>
    </message>
    <message>
        <source>Train on the first examples only, for a quick run</source>
        <translation>只用前面的样本训练，以便快速运行</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Start again from freshly initialised weights</source>
        <translation>从重新初始化的权重开始</translation>
    </message>
    <message>
        <source>Load Weights…</source>
        <translation>加载权重…</translation>
    </message>
    <message>
        <source>Save Weights…</source>
        <translation>保存权重…</translation>
    </message>
    <message>
        <source>Test picture #</source>
        <translation>测试图片 #</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Training on %1 examples per epoch…</source>
        <translation>每个迭代周期用 %1 个样本训练…</translation>
    </message>
    <message>
        <source>Load Weights</source>
        <translation>加载权重</translation>
    </message>
    <message>
        <source>ConvScope weights (*.csw)</source>
        <translation>ConvScope 权重 (*.csw)</translation>
    </message>
    <message>
        <source>Loaded %1: %2 epochs done; Start continues the run.</source>
        <translation>已加载 %1：已训练 %2 个迭代周期；点击“开始”继续训练。</translation>
    </message>
    <message>
        <source>Cannot load weights</source>
        <translation>无法加载权重</translation>
    </message>
    <message>
        <source>Save Weights</source>
        <translation>保存权重</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Cannot save weights</source>
        <translation>无法保存权重</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>%1
%2 parameters in all; %3 epochs trained</source>
        <translation>%1
共 %2 个参数；已训练 %3 个迭代周期</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Paused after a batch; Resume continues, Cancel stops.</source>
        <translation>已在一个批量后暂停；“继续”恢复训练，“取消”停止。</translation>
    </message>
    <message>
        <source>Epoch %1 (%2 of %3) · batch %4/%5 · %6 examples/s · %7 left</source>
        <translation>迭代周期 %1（第 %2 个，共 %3 个）· 批量 %4/%5 · %6 样本/秒 · 剩余 %7</translation>
    </message>
    <message>
        <source>Loading Fashion-MNIST from %1…</source>
        <translation>正在从 %1 加载 Fashion-MNIST…</translation>
    </message>
    <message>
        <source>Training needs the Fashion-MNIST data set, which could not be loaded: %1
Install it (Debian/Ubuntu: sudo apt install dataset-fashion-mnist) and restart. Look inside still works with the shipped weights.</source>
        <translation>训练需要 Fashion-MNIST 数据集，但无法加载：%1
请安装它（Debian/Ubuntu：sudo apt install dataset-fashion-mnist）后重新启动。“查看内部”仍可使用自带权重。</translation>
    </message>
    <message>
        <source>Fashion-MNIST is loaded: 60,000 training and 10,000 test pictures.</source>
        <translation>Fashion-MNIST 已加载：60,000 张训练图片和 10,000 张测试图片。</translation>
    </message>
    <message>
        <source>First layer's kernels</source>
        <translation>第一层的卷积核</translation>
    </message>
    <message>
        <source>Test picture</source>
        <translation>测试图片</translation>
    </message>
</context>
<context>
    <name>cs::gui::TrainingTab</name>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Look Inside</source>
        <translation>查看内部</translation>
    </message>
    <message>
        <source>Learn a Kernel</source>
        <translation>学习卷积核</translation>
    </message>
</context>
</TS>